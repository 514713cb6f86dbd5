// Test-only helpers: build parser-shaped expressions from JS literals.

import { expect } from "vitest";
import { QAPISemError } from "../../generator/src/error.js";
import { QAPISourceInfo } from "../../generator/src/source.js";
import type { QAPIExpression, QAPIValue } from "../../generator/src/syntax/expression.js";

/** Plain objects become Maps (key order kept), arrays stay arrays. */
export function toValue(js: unknown): QAPIValue {
  if (Array.isArray(js)) {
    return js.map(toValue);
  }
  if (typeof js === "object" && js !== null) {
    return new Map(Object.entries(js).map(([k, v]) => [k, toValue(v)]));
  }
  if (typeof js === "string" || typeof js === "boolean") {
    return js;
  }
  throw new Error(`not a QAPI value: ${String(js)}`);
}

/** Back to plain JS for easy comparison. */
export function fromValue(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(fromValue);
  }
  if (v instanceof Map) {
    return Object.fromEntries([...v].map(([k, x]) => [k, fromValue(x)]));
  }
  return v;
}

export interface FakeDoc {
  symbol: string | null;
  checked: QAPIExpression[];
  checkExpr(expr: QAPIExpression): void;
}

export function fakeDoc(symbol: string | null, onCheck?: (e: QAPIExpression) => void): FakeDoc {
  return {
    symbol,
    checked: [],
    checkExpr(e) {
      this.checked.push(e);
      onCheck?.(e);
    },
  };
}

/** One root info per test, so pragmas don't leak. */
export function rootInfo(fname = "test.json"): QAPISourceInfo {
  return new QAPISourceInfo(fname, null);
}

export function mk(
  js: Record<string, unknown>,
  opts: { info?: QAPISourceInfo; line?: number; doc?: FakeDoc | null } = {},
): QAPIExpression {
  const info = (opts.info ?? rootInfo()).atLine(opts.line ?? 1);
  return {
    expr: toValue(js) as Map<string, QAPIValue>,
    info,
    doc: (opts.doc ?? null) as unknown as QAPIExpression["doc"],
  };
}

/** Run `fn`, which must throw a QAPISemError with exactly this text. */
export function expectSemError(fn: () => unknown, text: string): QAPISemError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected error: ${text}`).toBeInstanceOf(QAPISemError);
  expect(String(caught)).toBe(text);
  return caught as QAPISemError;
}
