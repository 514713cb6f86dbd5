// The schema dump of QEMU's tests/qapi-schema/test-qapi.py (its
// QAPISchemaTestVisitor and test_frontend()), byte for byte: the .out files
// of QEMU's conformance suite are compared against this text.  The doc part
// comes from doc/dump-docs.ts.

import { dumpDocs } from "../doc/dump-docs.js";
import type {
  QAPISchemaAlternateType,
  QAPISchemaArrayType,
  QAPISchemaCommand,
  QAPISchemaEnumType,
  QAPISchemaEvent,
  QAPISchemaInclude,
  QAPISchemaObjectType,
} from "../model/entities.js";
import type { QAPISchemaIfCond } from "../model/ifcond.js";
import type { QAPISchemaFeature, QAPISchemaVariants } from "../model/members.js";
import type { QAPISchema } from "../model/schema.js";
import type { QAPISchemaVisitor } from "../model/visitor.js";

const pyBool = (b: boolean): string => (b ? "True" : "False");

class TestVisitor implements QAPISchemaVisitor {
  readonly lines: string[] = [];

  private print(line: string): void {
    this.lines.push(line);
  }

  visitModule(name: string): void {
    this.print(`module ${name}`);
  }

  visitInclude(include: QAPISchemaInclude): void {
    this.print(`include ${include.subModule.name}`);
  }

  visitEnumType(t: QAPISchemaEnumType): void {
    this.print(`enum ${t.name}`);
    if (t.prefix) this.print(`    prefix ${t.prefix}`);
    for (const m of t.members) {
      this.print(`    member ${m.name}`);
      this.printIf(m.ifcond, 8);
      this.printFeatures(m.features, 8);
    }
    this.printIf(t.ifcond);
    this.printFeatures(t.features);
  }

  visitArrayType(t: QAPISchemaArrayType): void {
    if (!t.info) return; // built-in arrays are not shown
    this.print(`array ${t.name} ${t.elementType.name}`);
    this.printIf(t.ifcond);
  }

  visitObjectType(t: QAPISchemaObjectType): void {
    this.print(`object ${t.name}`);
    if (t.base) this.print(`    base ${t.base.name}`);
    for (const m of t.localMembers) {
      this.print(`    member ${m.name}: ${m.type.name} optional=${pyBool(m.optional)}`);
      this.printIf(m.ifcond, 8);
      this.printFeatures(m.features, 8);
    }
    this.printVariants(t.branches);
    this.printIf(t.ifcond);
    this.printFeatures(t.features);
  }

  visitAlternateType(t: QAPISchemaAlternateType): void {
    this.print(`alternate ${t.name}`);
    this.printVariants(t.alternatives);
    this.printIf(t.ifcond);
    this.printFeatures(t.features);
  }

  visitCommand(c: QAPISchemaCommand): void {
    this.print(`command ${c.name} ${c.argType?.name ?? "None"} -> ${c.retType?.name ?? "None"}`);
    this.print(
      `    gen=${pyBool(c.gen)} success_response=${pyBool(c.successResponse)}` +
        ` boxed=${pyBool(c.boxed)} oob=${pyBool(c.allowOob)}` +
        ` preconfig=${pyBool(c.allowPreconfig)}${c.coroutine ? " coroutine=True" : ""}`,
    );
    this.printIf(c.ifcond);
    this.printFeatures(c.features);
  }

  visitEvent(e: QAPISchemaEvent): void {
    this.print(`event ${e.name} ${e.argType?.name ?? "None"}`);
    this.print(`    boxed=${pyBool(e.boxed)}`);
    this.printIf(e.ifcond);
    this.printFeatures(e.features);
  }

  private printVariants(variants: QAPISchemaVariants | null): void {
    if (!variants) return;
    this.print(`    tag ${variants.tagMember.name}`);
    for (const v of variants.variants) {
      this.print(`    case ${v.name}: ${v.type.name}`);
      this.printIf(v.ifcond, 8);
    }
  }

  private printIf(ifcond: QAPISchemaIfCond, indent = 4): void {
    if (ifcond.isPresent()) this.print(`${" ".repeat(indent)}if ${ifcond.pythonStr()}`);
  }

  private printFeatures(features: readonly QAPISchemaFeature[], indent = 4): void {
    for (const f of features) {
      this.print(`${" ".repeat(indent)}feature ${f.name}`);
      this.printIf(f.ifcond, indent + 4);
    }
  }
}

/** Everything test-qapi.py prints for a valid schema. */
export function dumpSchema(schema: QAPISchema): string {
  const visitor = new TestVisitor();
  schema.visit(visitor);
  const entities = visitor.lines.length ? visitor.lines.join("\n") + "\n" : "";
  return entities + dumpDocs(schema.docs);
}
