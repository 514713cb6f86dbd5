// A small QMP driver for differential tests: it starts a QMP server (a real
// qemu-system-x86_64, or `node bin/qapi-ts.js serve` with the same
// arguments), creates disk images for it, plays a scripted scenario over a
// unix socket and records every line received, normalised so that two runs
// (or two implementations) can be compared.
//
// Only node built-ins are used, so the driver also works where the project
// has not been built.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(
  fileURLToPath(new URL("../..", import.meta.url)),
);

/** How to start a server and create images for it. */
export interface ServerUnderTest {
  /** "qemu" or "qapi-ts": recorded in transcripts. */
  name: string;
  /** argv prefix of the QMP server; the QEMU options are appended. */
  serve: string[];
  /** argv prefix of the image tool; `create -f FMT ...` is appended. */
  img: string[];
  /** argv that prints the version on its first line. */
  version: string[];
}

export const QEMU: ServerUnderTest = {
  name: "qemu",
  serve: ["qemu-system-x86_64"],
  img: ["qemu-img"],
  version: ["qemu-system-x86_64", "--version"],
};

const CLI = join(REPO_ROOT, "bin", "qapi-ts.js");

export const QAPI_TS: ServerUnderTest = {
  name: "qapi-ts",
  serve: [process.execPath, CLI, "serve"],
  img: [process.execPath, CLI, "img"],
  version: [process.execPath, CLI, "--version"],
};

/** True when `cmd` can be found on PATH. */
export function onPath(cmd: string): boolean {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() !== "";
}

/** An image created in the scenario's directory before the server starts. */
export interface ImageSpec {
  file: string;
  format: "qcow2" | "raw";
  size: string;
  /** Extra `qemu-img create` options, e.g. ["-o", "data_file=d1.data"]. */
  options?: string[];
}

/**
 * One write to the socket.  `send` is written verbatim (after `$DIR` is
 * replaced by the scenario directory), so it may hold several messages
 * (pipelining), broken JSON, or nothing but whitespace.
 */
export interface Step {
  send: string;
  /** Replies ("return" or "error" lines) to wait for; default 1. */
  replies?: number;
  /** A remark kept in the transcript. */
  note?: string;
  /**
   * Write `send` as Latin-1, one byte per character (for bytes that are not
   * valid UTF-8); otherwise it is written as UTF-8.
   */
  latin1?: boolean;
}

export interface Scenario {
  name: string;
  description: string;
  images?: ImageSpec[];
  /** Server options after the common ones, e.g. ["-S"]. */
  args?: string[];
  /** Send qmp_capabilities first (default true). */
  negotiate?: boolean;
  steps: Step[];
}

/** A line received from the server. */
export interface Received {
  /** The line, normalised, without its terminator. */
  raw: string;
  /** The parsed, normalised message (null if the line is not JSON). */
  msg: unknown;
  /** Whether the line ended in "\r\n" (QEMU's terminator). */
  crlf: boolean;
}

export interface Exchange {
  send: string | null;
  note?: string;
  received: Received[];
  /** Set when the replies expected never came (the step timed out). */
  timedOut?: boolean;
}

export interface Transcript {
  scenario: string;
  description: string;
  server: string;
  version: string;
  argv: string[];
  exchanges: Exchange[];
  /** The connection was closed by the server at the end. */
  closed: boolean;
  exitCode: number | null;
  stderr: string;
}

/** Options every server gets; matches what the spec's observations used. */
export function baseArgs(socketPath: string): string[] {
  return [
    "-nodefaults",
    "-display",
    "none",
    "-machine",
    "pc",
    "-accel",
    "tcg",
    "-m",
    "32",
    "-qmp",
    `unix:${socketPath},server=on,wait=off`,
  ];
}

// ---------------------------------------------------------------------------
// Normalisation
//
// A received line is parsed into a small tree that keeps each scalar's
// source text and each object's member order, the volatile parts are
// replaced, and the tree is printed again with QEMU's separators (", " and
// ": ").  So the normalised raw text still shows member order and string
// escaping exactly as the server sent them.

/** Numbers that differ between runs: replaced by 0 if zero, else "N". */
const VOLATILE_NUMBERS = new Set([
  "seconds",
  "microseconds",
  "date-sec",
  "date-nsec",
  "vm-clock-sec",
  "vm-clock-nsec",
  "vm-state-size",
  "actual-size",
]);

type Tree =
  | { t: "scalar"; text: string }
  | { t: "array"; items: Tree[] }
  | { t: "object"; entries: Array<[key: string, value: Tree, rawKey: string]> };

/** Parses one JSON text; returns null if it is not valid JSON. */
export function parseTree(text: string): Tree | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\r\n".includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new SyntaxError(`bad JSON at ${i}`);
  };
  const str = (): string => {
    const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
    return m![0];
  };
  const value = (): Tree => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const entries: Array<[string, Tree, string]> = [];
      ws();
      if (text[i] === "}") {
        i++;
        return { t: "object", entries };
      }
      for (;;) {
        ws();
        const rawKey = str();
        ws();
        if (text[i++] !== ":") fail();
        entries.push([JSON.parse(rawKey) as string, value(), rawKey]);
        ws();
        const d = text[i++];
        if (d === "}") return { t: "object", entries };
        if (d !== ",") fail();
      }
    }
    if (c === "[") {
      i++;
      const items: Tree[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return { t: "array", items };
      }
      for (;;) {
        items.push(value());
        ws();
        const d = text[i++];
        if (d === "]") return { t: "array", items };
        if (d !== ",") fail();
      }
    }
    if (c === '"') return { t: "scalar", text: str() };
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(
      text.slice(i),
    );
    if (!m) fail();
    i += m![0].length;
    return { t: "scalar", text: m![0] };
  };
  try {
    const v = value();
    ws();
    return i === text.length ? v : null;
  } catch {
    return null;
  }
}

/**
 * Whole seconds of guest time are 0 or more depending on how long the
 * guest happened to run, so only their presence is kept; the nanoseconds
 * still tell a guest that never ran (0) from one that did.
 */
const ALWAYS_N = new Set(["vm-clock-sec"]);

function volatileNumber(key: string, text: string): string {
  return Number(text) === 0 && !ALWAYS_N.has(key) ? "0" : '"N"';
}

/** Node names QEMU makes up: "#block" + counter + two random digits. */
function normaliseString(text: string, dir: string): string {
  return text
    .split(dir)
    .join("$DIR")
    .replace(/#block(\d*)\d\d\b/g, "#block$1xx");
}

function normaliseTree(v: Tree, dir: string): Tree {
  if (v.t === "scalar") {
    return v.text.startsWith('"')
      ? { t: "scalar", text: normaliseString(v.text, dir) }
      : v;
  }
  if (v.t === "array") {
    return { t: "array", items: v.items.map((x) => normaliseTree(x, dir)) };
  }
  // The protocol node of an image reports the host file's length as its
  // virtual size; it grows with the saved VM state.
  const isHostFile = v.entries.some(
    ([k, x]) => k === "format" && x.t === "scalar" && x.text === '"file"',
  );
  return {
    t: "object",
    entries: v.entries.map(([k, x, rawKey]): [string, Tree, string] => {
      const volatile =
        VOLATILE_NUMBERS.has(k) || (isHostFile && k === "virtual-size");
      if (volatile && x.t === "scalar" && /^-?\d/.test(x.text)) {
        return [k, { t: "scalar", text: volatileNumber(k, x.text) }, rawKey];
      }
      return [k, normaliseTree(x, dir), rawKey];
    }),
  };
}

function printTree(v: Tree): string {
  if (v.t === "scalar") return v.text;
  if (v.t === "array") return `[${v.items.map(printTree).join(", ")}]`;
  return `{${v.entries.map(([, x, rawKey]) => `${rawKey}: ${printTree(x)}`).join(", ")}}`;
}

export function normaliseLine(line: string, dir: string): Received {
  const crlf = line.endsWith("\r");
  const text = crlf ? line.slice(0, -1) : line;
  const tree = parseTree(text);
  if (tree === null) {
    return { raw: normaliseString(text, dir), msg: null, crlf };
  }
  const raw = printTree(normaliseTree(tree, dir));
  // Round-trip through JSON text so that a transcript read back from a
  // fixture compares equal (-0 is stored as 0); `raw` keeps the "-0".
  return {
    raw,
    msg: JSON.parse(JSON.stringify(JSON.parse(raw))) as unknown,
    crlf,
  };
}

function isReply(r: Received): boolean {
  const m = r.msg;
  if (m === null) {
    // Not JSON (QEMU prints an id of 1e400 as `inf`), but still a reply.
    return /"(return|error)"\s*:/.test(r.raw);
  }
  return typeof m === "object" && ("return" in m || "error" in m);
}

// ---------------------------------------------------------------------------
// Process and socket plumbing

function run(argv: string[], cwd: string): void {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd!, args, { cwd, encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(
      `${argv.join(" ")} failed (${r.status}): ${r.stderr || r.error}`,
    );
  }
}

export function createImages(
  server: ServerUnderTest,
  dir: string,
  images: ImageSpec[],
): void {
  for (const img of images) {
    run(
      [
        ...server.img,
        "create",
        "-f",
        img.format,
        ...(img.options ?? []),
        img.file,
        img.size,
      ],
      dir,
    );
  }
}

async function connectWithRetry(
  path: string,
  child: ChildProcess,
  ms: number,
  stderr: () => string,
): Promise<Socket> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `server exited (${child.exitCode ?? child.signalCode}) before listening: ${stderr()}`,
      );
    }
    if (existsSync(path)) {
      try {
        return await new Promise<Socket>((ok, fail) => {
          const s = connect(path);
          s.once("connect", () => ok(s));
          s.once("error", fail);
        });
      } catch {
        // not accepting yet
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`no QMP socket at ${path} after ${ms} ms: ${stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Collects lines from the socket and lets the player wait for them. */
class LineCollector {
  private buf = "";
  private lines: string[] = [];
  private waiters: Array<() => void> = [];
  closed = false;
  lastData = Date.now();

  constructor(sock: Socket) {
    sock.setEncoding("utf8");
    sock.on("data", (chunk: string) => {
      this.lastData = Date.now();
      this.buf += chunk;
      let i: number;
      while ((i = this.buf.indexOf("\n")) >= 0) {
        this.lines.push(this.buf.slice(0, i));
        this.buf = this.buf.slice(i + 1);
      }
      this.wake();
    });
    sock.on("close", () => {
      this.closed = true;
      if (this.buf !== "") {
        this.lines.push(this.buf);
        this.buf = "";
      }
      this.wake();
    });
    sock.on("error", () => {
      // a reset shows up as close; nothing else to do
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  take(): string[] {
    const l = this.lines;
    this.lines = [];
    return l;
  }

  /** Resolves on new data or close, or after `ms`. */
  waitForData(ms: number): Promise<void> {
    return new Promise((ok) => {
      const t = setTimeout(ok, ms);
      this.waiters.push(() => {
        clearTimeout(t);
        ok();
      });
    });
  }
}

export interface RunOptions {
  /** Quiet time that ends a step once its replies are in (ms). */
  quietMs?: number;
  /** Longest wait for the replies of one step (ms). */
  stepTimeoutMs?: number;
  /** Keep the scenario directory (for debugging). */
  keepDir?: boolean;
}

/**
 * Reads until `replies` replies have arrived (or the connection closed),
 * then until nothing more arrived for `quietMs`.
 */
async function collect(
  lc: LineCollector,
  dir: string,
  replies: number,
  quietMs: number,
  timeoutMs: number,
): Promise<{ received: Received[]; timedOut: boolean }> {
  const received: Received[] = [];
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  const drain = () => {
    for (const line of lc.take()) {
      const r = normaliseLine(line, dir);
      received.push(r);
      if (isReply(r)) seen++;
    }
  };
  while (seen < replies && !lc.closed) {
    if (Date.now() > deadline) {
      drain();
      return { received, timedOut: true };
    }
    await lc.waitForData(Math.max(1, deadline - Date.now()));
    drain();
  }
  // Events may follow the last reply (job states after "return").
  for (;;) {
    drain();
    if (lc.closed) break;
    const quietFor = Date.now() - lc.lastData;
    if (quietFor >= quietMs) break;
    await lc.waitForData(quietMs - quietFor);
  }
  drain();
  return { received, timedOut: false };
}

function serverVersion(server: ServerUnderTest): string {
  const [cmd, ...args] = server.version;
  const r = spawnSync(cmd!, args, { encoding: "utf8", timeout: 10_000 });
  return (r.stdout || "").split("\n")[0] ?? "";
}

function waitExit(child: ChildProcess, ms: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode);
  }
  return new Promise((ok) => {
    const t = setTimeout(() => {
      // Only our own child, by its pid.
      child.kill("SIGKILL");
    }, ms);
    child.once("exit", (code) => {
      clearTimeout(t);
      ok(code);
    });
  });
}

/** Runs one scenario against one server and returns its transcript. */
export async function runScenario(
  server: ServerUnderTest,
  scenario: Scenario,
  opts: RunOptions = {},
): Promise<Transcript> {
  const quietMs = opts.quietMs ?? 150;
  const stepTimeoutMs = opts.stepTimeoutMs ?? 20_000;
  const dir = mkdtempSync(join(tmpdir(), "qapi-ts-diff-"));
  const sockPath = join(dir, "qmp.sock");
  const args = [...baseArgs(sockPath), ...(scenario.args ?? [])].map((a) =>
    a.split("$DIR").join(dir),
  );
  let child: ChildProcess | undefined;
  let stderr = "";
  try {
    createImages(server, dir, scenario.images ?? []);
    child = spawn(server.serve[0]!, [...server.serve.slice(1), ...args], {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (d: string) => {
      stderr += d;
    });
    const sock = await connectWithRetry(sockPath, child, 15_000, () => stderr);
    const lc = new LineCollector(sock);
    const exchanges: Exchange[] = [];
    // The greeting.
    const greeting = await collect(lc, dir, 0, quietMs, stepTimeoutMs);
    if (greeting.received.length === 0) {
      await lc.waitForData(stepTimeoutMs);
      greeting.received.push(...lc.take().map((l) => normaliseLine(l, dir)));
    }
    exchanges.push({
      send: null,
      note: "greeting",
      received: greeting.received,
    });

    const steps: Step[] = [
      ...(scenario.negotiate === false
        ? []
        : [{ send: '{"execute": "qmp_capabilities"}\n' }]),
      ...scenario.steps,
    ];
    let quitSent = false;
    for (const step of steps) {
      if (lc.closed) break;
      const text = step.send.split("$DIR").join(dir);
      if (/"execute"\s*:\s*"quit"/.test(text)) quitSent = true;
      sock.write(
        step.latin1 ? Buffer.from(text, "latin1") : Buffer.from(text, "utf8"),
      );
      const r = await collect(
        lc,
        dir,
        step.replies ?? 1,
        quietMs,
        stepTimeoutMs,
      );
      const ex: Exchange = { send: step.send, received: r.received };
      if (step.note) ex.note = step.note;
      if (r.timedOut) ex.timedOut = true;
      exchanges.push(ex);
    }
    if (!lc.closed && !quitSent) {
      sock.write('{"execute": "quit"}\n');
      const r = await collect(lc, dir, 1, quietMs, stepTimeoutMs);
      exchanges.push({
        send: '{"execute": "quit"}\n',
        note: "end",
        received: r.received,
      });
    }
    // QEMU closes the connection once it has exited.
    const deadline = Date.now() + 5_000;
    while (!lc.closed && Date.now() < deadline) {
      await lc.waitForData(deadline - Date.now());
      const late = lc.take().map((l) => normaliseLine(l, dir));
      exchanges[exchanges.length - 1]!.received.push(...late);
    }
    const closed = lc.closed;
    sock.destroy();
    const exitCode = await waitExit(child, 5_000);
    return {
      scenario: scenario.name,
      description: scenario.description,
      server: server.name,
      version: serverVersion(server),
      argv: [...server.serve.slice(-1), ...args].map((a) =>
        a.split(dir).join("$DIR"),
      ),
      exchanges,
      closed,
      exitCode,
      stderr: stderr.split(dir).join("$DIR"),
    };
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
    }
    if (!opts.keepDir) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
