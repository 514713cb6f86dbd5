#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
import { main } from "../dist/generator/src/cli.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`qapi-ts: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
