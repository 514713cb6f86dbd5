#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm ci` through the
// prepare script, or `npm run build`).
import { main } from "../dist/generator/src/cli.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // Only a bug in qapi-ts gets here: schema and QMP errors are reported by
    // the subcommands.  Keep the trace for QAPI_TS_DEBUG=1.
    const detail = process.env.QAPI_TS_DEBUG && err && err.stack ? err.stack : String(err);
    process.stderr.write(`qapi-ts: internal error: ${detail}\n`);
    process.exitCode = 2;
  },
);
