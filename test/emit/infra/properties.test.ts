// Property tests: literals and comments the printer builds from arbitrary
// text stay what they claim to be.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GeneratedFile, jsDoc, str } from "../../../generator/src/emit/printer.js";
import { objectLiteralKey, propertyKey, typeName, camelCase } from "../../../generator/src/emit/ts-names.js";

const anyText = fc.string({ unit: "binary", maxLength: 40 });

describe("properties", () => {
  it("str() evaluates back to its input", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect((0, eval)(str(s).text)).toBe(s);
      }),
    );
  });

  it("a jsDoc block ends only at its last line", () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 5 }), (lines) => {
        const f = new GeneratedFile("a.ts");
        f.print(jsDoc(lines));
        f.print("x;");
        const text = f.content();
        const close = text.indexOf("*/");
        if (text.startsWith("/**")) {
          expect(text.slice(close)).toBe("*/\nx;\n");
        } else {
          expect(text).toBe("x;\n");
        }
      }),
    );
  });

  it("keys of generated literals become exactly the wire names", () => {
    const qapiName = fc.stringMatching(/^(__[a-z.]+_)?[a-zA-Z][a-zA-Z0-9_-]{0,12}$|^__proto__$|^constructor$/u);
    fc.assert(
      fc.property(fc.uniqueArray(qapiName, { maxLength: 6 }), (names) => {
        const obj = (0, eval)(`({ ${names.map((n, i) => `${objectLiteralKey(n)}: ${i}`).join(", ")} })`) as object;
        expect(Object.keys(obj)).toStrictEqual(names);
        expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
        for (const n of names) {
          expect(propertyKey(n)).toMatch(/^[A-Za-z_$][\w$]*$|^"/u);
        }
      }),
    );
  });

  it("type and value names are identifiers", () => {
    const qapiName = fc.stringMatching(/^(q_obj_|__[a-z.]+_)?[a-zA-Z0-9][a-zA-Z0-9_.-]{0,20}$/u);
    fc.assert(
      fc.property(qapiName, (n) => {
        expect(typeName(n)).toMatch(/^[A-Za-z_][A-Za-z0-9_]*\$?$/u);
        expect(camelCase(n)).toMatch(/^[a-z_][A-Za-z0-9_]*$/u);
      }),
    );
  });
});
