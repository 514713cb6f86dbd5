// `npm run bench`: every benchmark, or the ones named on the command line
// (frontend, generate, validators, qmp).

import { benchFrontend } from "./frontend.js";
import { benchGenerate } from "./generate.js";
import { benchValidators } from "./validators.js";
import { benchQmp } from "./qmp.js";
import { benchScale } from "./scale.js";

const BENCHES: Record<string, () => Promise<void>> = {
  frontend: benchFrontend,
  generate: benchGenerate,
  validators: benchValidators,
  qmp: benchQmp,
  scale: benchScale,
};

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(BENCHES).join(", ")}`);
    process.exit(1);
  }
  await bench();
  console.log();
}
