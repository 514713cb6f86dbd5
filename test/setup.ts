// Property tests run with one fixed seed by default, so a CI run is
// repeatable; set FC_SEED to explore other inputs (FC_SEED=random for a
// fresh seed each run).  A failure prints the seed and the counterexample.

import fc from "fast-check";

const env = process.env.FC_SEED;
if (env !== "random") {
  fc.configureGlobal({ seed: env === undefined ? 20261129 : Number(env) });
}
