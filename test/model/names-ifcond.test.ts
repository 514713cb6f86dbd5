import { describe, expect, it } from "vitest";
import { cName } from "../../generator/src/model/c-name.js";
import { pyRepr, QAPISchemaIfCond } from "../../generator/src/model/ifcond.js";
import type { QAPIValue } from "../../generator/src/syntax/expression.js";

const m = (o: Record<string, QAPIValue>) => new Map(Object.entries(o));

describe("cName (QEMU common.c_name)", () => {
  it("maps punctuation to underscores", () => {
    expect(cName("__a.b_c")).toBe("__a_b_c");
    expect(cName("x-foo")).toBe("x_foo");
  });
  it("protects keywords and leading digits only when asked", () => {
    expect(cName("int")).toBe("q_int");
    expect(cName("int", false)).toBe("int");
    expect(cName("unix")).toBe("q_unix");
    expect(cName("1x")).toBe("q_1x");
    expect(cName("bool")).toBe("q_bool");
  });
  it("turns each non-ASCII code point into one underscore", () => {
    expect(cName("a\u00e9\u{1F600}b")).toBe("a__b");
  });
});

describe("QAPISchemaIfCond", () => {
  const nested = new QAPISchemaIfCond(
    m({ all: ["A", m({ not: "B" }), m({ any: ["C", "D"] })] }),
  );

  it("is absent without a condition", () => {
    const none = new QAPISchemaIfCond();
    expect(none.isPresent()).toBe(false);
    expect(none.cgen()).toBe("");
    expect(none.genIf()).toBe("");
  });
  it("prints C preprocessor conditions like gen_ifcond", () => {
    expect(new QAPISchemaIfCond("A").cgen()).toBe("defined(A)");
    expect(nested.cgen()).toBe("defined(A) && !defined(B) && (defined(C) || defined(D))");
    expect(new QAPISchemaIfCond(m({ not: m({ any: ["X", "Y"] }) })).cgen()).toBe(
      "!(defined(X) || defined(Y))",
    );
    expect(new QAPISchemaIfCond("A").genIf()).toBe("#if defined(A)\n");
    expect(new QAPISchemaIfCond("A").genEndif()).toBe("#endif /* defined(A) */\n");
  });
  it("prints documentation conditions like docgen_ifcond", () => {
    expect(nested.docgen()).toBe("A and not B and (C or D)");
  });
  it("prints Python's str() of the condition for test-qapi dumps", () => {
    expect(new QAPISchemaIfCond("IFONE").pythonStr()).toBe("IFONE");
    expect(nested.pythonStr()).toBe("{'all': ['A', {'not': 'B'}, {'any': ['C', 'D']}]}");
  });
});

describe("pyRepr", () => {
  it("quotes like Python's repr", () => {
    expect(pyRepr("a'b")).toBe(`"a'b"`);
    expect(pyRepr(`a'b"`)).toBe(`'a\\'b"'`);
    expect(pyRepr("a\\b\n")).toBe("'a\\\\b\\n'");
    expect(pyRepr([true, false])).toBe("[True, False]");
  });
});
