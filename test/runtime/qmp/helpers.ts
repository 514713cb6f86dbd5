/** Test helpers for the QMP layer: run QEMU's JSON reader over a whole input. */
import type { JsonValue } from "../../../runtime/src/support/dispatch-types.js";
import { JsonMessageParser, type StreamerLimits } from "../../../runtime/src/qmp/json-streamer.js";

export type Msg = { value: JsonValue } | { error: string };

/** Feed input (string as UTF-8, or raw bytes); return every emitted message. */
export function readMessages(input: string | Uint8Array, limits?: StreamerLimits, flush = false): Msg[] {
  const out: Msg[] = [];
  const p = new JsonMessageParser((value, error) => {
    out.push(error ? { error: error.desc } : { value: value as JsonValue });
  }, limits);
  p.feed(typeof input === "string" ? new TextEncoder().encode(input) : input);
  if (flush) p.flush();
  return out;
}

/** Parse exactly one value; throw if the input is an error or not exactly one message. */
export function parseJson(text: string): JsonValue {
  const msgs = readMessages(text, undefined, true);
  if (msgs.length !== 1 || !("value" in msgs[0]!)) throw new Error(`parseJson: ${JSON.stringify(msgs)}`);
  return msgs[0].value;
}

/** The error texts (or values) of all messages, in order. */
export function errors(input: string | Uint8Array, limits?: StreamerLimits): string[] {
  return readMessages(input, limits).map((m) => ("error" in m ? m.error : "<value>"));
}
