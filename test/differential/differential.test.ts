// Differential tests: the scenarios of scenarios.ts played against a real
// QEMU 7.2 and against `qapi-ts serve`, compared with the transcripts
// recorded from QEMU 7.2.22 (test/fixtures/qemu-7.2/scenarios).
//
//   npx vitest run test/differential
//       checks the fixtures and the comparison code, and runs every scenario
//       against `node bin/qapi-ts.js serve` (built dist/ required: `npm run
//       build`; without it these tests are reported as skipped, with a
//       warning) and compares with the recorded QEMU transcripts
//       (QAPI_TS_DIFF_STRICT=1: member order and CRLF too).
//   QAPI_TS_LIVE_QEMU=1 npx vitest run test/differential
//       also replays every scenario against the installed
//       qemu-system-x86_64 (when it is the recorded version) and compares
//       with the fixture (slow: a real VM per scenario).
//   QAPI_TS_RECORD=1 npx vitest run test/differential
//       re-records the fixtures from the installed QEMU.
//
// A skipped comparison is reported as skipped, never as passed.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareTranscripts, readFixture, writeFixture } from "./compare.js";
import {
  QAPI_TS,
  QEMU,
  REPO_ROOT,
  normaliseLine,
  onPath,
  runScenario,
  type Transcript,
} from "./qmp-driver.js";
import { SCENARIOS } from "./scenarios.js";

const RECORD = process.env.QAPI_TS_RECORD === "1";
const LIVE = process.env.QAPI_TS_LIVE_QEMU === "1" || RECORD;
/** `qapi-ts serve` runs from dist/: compare it whenever it is built. */
const DIST_SERVE = join(REPO_ROOT, "dist", "runtime", "src", "cli", "serve.js");
const DIFF_OURS = existsSync(DIST_SERVE);
const STRICT = process.env.QAPI_TS_DIFF_STRICT === "1";
const SCENARIO_TIMEOUT = 120_000;

function installedQemuVersion(): string | undefined {
  if (!onPath("qemu-system-x86_64") || !onPath("qemu-img")) return undefined;
  const r = spawnSync("qemu-system-x86_64", ["--version"], {
    encoding: "utf8",
  });
  return r.stdout.split("\n")[0];
}

const recordedVersion = readFixture(SCENARIOS[0]!.name)?.version;
const qemuVersion = LIVE ? installedQemuVersion() : undefined;
const liveQemu =
  qemuVersion !== undefined && (RECORD || qemuVersion === recordedVersion);

if (!LIVE) {
  console.warn(
    "[differential] live QEMU replay is off (slow): set QAPI_TS_LIVE_QEMU=1 to also replay " +
      "every scenario against an installed qemu-system-x86_64; SKIPPED, not passed.",
  );
} else if (qemuVersion === undefined) {
  console.warn(
    "[differential] qemu-system-x86_64 / qemu-img are not installed: the live QEMU " +
      "comparisons are SKIPPED (not passed). Install them with " +
      "`apt-get install qemu-system-x86 qemu-utils` to run them.",
  );
} else if (!liveQemu) {
  console.warn(
    `[differential] installed QEMU is '${qemuVersion}', the fixtures were recorded ` +
      `with '${recordedVersion}': the live QEMU comparisons are SKIPPED (not passed).`,
  );
}

describe("recorded QEMU 7.2 transcripts", () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    "%s: fixture is complete",
    (name, s) => {
      const t = readFixture(name);
      expect(
        t,
        `missing fixture for ${name}; record with QAPI_TS_RECORD=1`,
      ).toBeDefined();
      const fixture = t!;
      expect(fixture.server).toBe("qemu");
      // The fixture must have been recorded from the scenario as it is now.
      const sent = fixture.exchanges.slice(1).map((e) => e.send);
      const expected = [
        ...(s.negotiate === false ? [] : ['{"execute": "qmp_capabilities"}\n']),
        ...s.steps.map((st) => st.send),
      ];
      expect(sent.slice(0, expected.length)).toEqual(expected);
      expect(fixture.exchanges.filter((e) => e.timedOut)).toEqual([]);
      expect(fixture.closed).toBe(true);
    },
  );
});

describe("transcript normalisation and comparison", () => {
  const dir = "/tmp/qapi-ts-diff-abc";
  it("replaces volatile numbers, keeps zeros, member order and escapes", () => {
    const line =
      '{"timestamp": {"seconds": 1795982963, "microseconds": 420712}, "event": "X", ' +
      '"data": {"vm-clock-nsec": 0, "vm-clock-sec": 0, "vm-state-size": 641424, "name": "\\u00E9", ' +
      '"file": "/tmp/qapi-ts-diff-abc/d0.qcow2", "node-name": "#block241"}}\r';
    const r = normaliseLine(line, dir);
    expect(r.crlf).toBe(true);
    expect(r.raw).toBe(
      '{"timestamp": {"seconds": "N", "microseconds": "N"}, "event": "X", ' +
        '"data": {"vm-clock-nsec": 0, "vm-clock-sec": "N", "vm-state-size": "N", "name": "\\u00E9", ' +
        '"file": "$DIR/d0.qcow2", "node-name": "#block2xx"}}',
    );
    expect(r.msg).toEqual({
      timestamp: { seconds: "N", microseconds: "N" },
      event: "X",
      data: {
        "vm-clock-nsec": 0,
        "vm-clock-sec": "N",
        "vm-state-size": "N",
        name: "\u00e9",
        file: "$DIR/d0.qcow2",
        "node-name": "#block2xx",
      },
    });
  });

  it("normalises the host file length of protocol nodes only", () => {
    const r = normaliseLine(
      '[{"virtual-size": 197120, "format": "file"}, {"virtual-size": 33554432, "format": "qcow2"}]',
      dir,
    );
    expect(r.raw).toBe(
      '[{"virtual-size": "N", "format": "file"}, {"virtual-size": 33554432, "format": "qcow2"}]',
    );
  });

  it("keeps lines that are not JSON as text", () => {
    expect(normaliseLine("oops {", dir)).toEqual({
      raw: "oops {",
      msg: null,
      crlf: false,
    });
  });

  const base: Transcript = {
    scenario: "s",
    description: "",
    server: "qemu",
    version: "",
    argv: [],
    closed: true,
    exitCode: 0,
    stderr: "",
    exchanges: [
      { send: null, received: [normaliseLine('{"QMP": {}}\r', dir)] },
      {
        send: "x\n",
        received: [normaliseLine('{"return": {"a": 1, "b": 2}}\r', dir)],
      },
    ],
  };

  it("ignores member order unless strict", () => {
    const other: Transcript = {
      ...base,
      exchanges: [
        base.exchanges[0]!,
        {
          send: "x\n",
          received: [normaliseLine('{"return": {"b": 2, "a": 1}}\r', dir)],
        },
      ],
    };
    expect(compareTranscripts(base, other)).toEqual([]);
    expect(compareTranscripts(base, other, { strict: true })).toHaveLength(1);
  });

  it("reports a changed, missing or extra message", () => {
    const changed: Transcript = {
      ...base,
      exchanges: [
        base.exchanges[0]!,
        {
          send: "x\n",
          received: [normaliseLine('{"return": {"a": 2, "b": 2}}', dir)],
        },
      ],
    };
    expect(compareTranscripts(base, changed)[0]).toMatch(
      /exchange 1 \(x\) message 0: got/,
    );
    const missing: Transcript = {
      ...base,
      exchanges: [base.exchanges[0]!, { send: "x\n", received: [] }],
    };
    expect(compareTranscripts(base, missing)[0]).toMatch(/missing, expected/);
    expect(compareTranscripts(missing, base)[0]).toMatch(/unexpected/);
    expect(compareTranscripts(base, { ...base, closed: false })).toEqual([
      "connection left open, expected closed",
    ]);
  });
});

describe.skipIf(!liveQemu)(
  `live ${qemuVersion ?? "QEMU"} against the recorded transcripts`,
  () => {
    for (const scenario of SCENARIOS) {
      it(
        scenario.name,
        async () => {
          const t = await runScenario(QEMU, scenario, { quietMs: 100 });
          if (RECORD) {
            writeFixture(t);
            return;
          }
          const fixture = readFixture(scenario.name);
          expect(fixture, `no fixture for ${scenario.name}`).toBeDefined();
          // Two QEMU runs must agree byte for byte after normalisation.
          expect(compareTranscripts(fixture!, t, { strict: true })).toEqual([]);
        },
        SCENARIO_TIMEOUT,
      );
    }
  },
);

// One scenario at a time: the transcripts end on 100 ms of quiet, which a
// loaded machine (several servers at once) can break.
describe("qapi-ts serve against the recorded QEMU 7.2 transcripts", () => {
  if (!DIFF_OURS) {
    console.warn(
      `[differential] ${DIST_SERVE} does not exist: run \`npm run build\`; the comparisons ` +
        "of `qapi-ts serve` with the recorded QEMU transcripts are SKIPPED (not passed).",
    );
  }
  for (const scenario of SCENARIOS) {
    it.skipIf(!DIFF_OURS)(
      scenario.name,
      async () => {
        const fixture = readFixture(scenario.name);
        expect(fixture, `no fixture for ${scenario.name}`).toBeDefined();
        const t = await runScenario(QAPI_TS, scenario, { quietMs: 100 });
        expect(compareTranscripts(fixture!, t, { strict: STRICT })).toEqual([]);
      },
      SCENARIO_TIMEOUT,
    );
  }
});
