// A JSON Schema (draft-07 + ajv's discriminator keyword) equivalent to a
// QAPI type, for the ajv baseline of the validators benchmark: objects with
// required members and additionalProperties false, unions as a oneOf with a
// discriminator (each branch carrying the base's members), alternates as
// anyOf, integer types with their ranges, enums as enum.

import type { QAPISchemaObjectType, QAPISchemaType } from "../../generator/src/model/entities.js";

type Schema = Record<string, unknown>;

const INT_RANGES: Record<string, [number, number]> = {
  int: [-(2 ** 63), 2 ** 63 - 1],
  int64: [-(2 ** 63), 2 ** 63 - 1],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 2 ** 32 - 1],
  uint64: [0, 2 ** 64 - 1],
  size: [0, 2 ** 64 - 1],
};

export class JsonSchemaBuilder {
  readonly definitions: Record<string, Schema> = {};

  /** The schema of `t` with every named type in `definitions`. */
  root(t: QAPISchemaType): Schema {
    return { $schema: "http://json-schema.org/draft-07/schema#", definitions: this.definitions, ...this.ref(t) };
  }

  ref(t: QAPISchemaType): Schema {
    switch (t.kind) {
      case "builtin":
        return this.builtin(t.name);
      case "array":
        return { type: "array", items: this.ref(t.elementType) };
      default:
        if (!(t.name in this.definitions)) {
          this.definitions[t.name] = {}; // recursion guard
          this.definitions[t.name] = this.named(t);
        }
        return { $ref: `#/definitions/${t.name}` };
    }
  }

  private builtin(name: string): Schema {
    switch (name) {
      case "str":
        return { type: "string" };
      case "bool":
        return { type: "boolean" };
      case "number":
        return { type: "number" };
      case "null":
        return { type: "null" };
      case "any":
        return {};
    }
    const [minimum, maximum] = INT_RANGES[name]!;
    return { type: "integer", minimum, maximum };
  }

  private named(t: QAPISchemaType): Schema {
    switch (t.kind) {
      case "enum":
        return { type: "string", enum: t.members.map((m) => m.name) };
      case "alternate":
        return { anyOf: t.alternatives.variants.map((v) => this.ref(v.type)) };
      case "object":
        return t.branches ? this.union(t) : this.struct(t.members, []);
      default:
        throw new Error(`unexpected ${t.kind}`);
    }
  }

  private struct(members: QAPISchemaObjectType["members"], extra: [string, Schema][]): Schema {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const m of members) {
      properties[m.name] = this.ref(m.type);
      if (!m.optional) required.push(m.name);
    }
    for (const [k, s] of extra) properties[k] = s;
    return { type: "object", properties, required, additionalProperties: false };
  }

  private union(t: QAPISchemaObjectType): Schema {
    const tag = t.branches!.tagMember.name;
    const oneOf = t.branches!.variants.map((v) => {
      const branch = v.type as QAPISchemaObjectType;
      if (branch.branches) throw new Error(`nested union ${branch.name} not supported by the benchmark`);
      const members = [...t.members.filter((m) => m.name !== tag), ...branch.members];
      return this.struct([...t.members.filter((m) => m.name === tag), ...members], [[tag, { const: v.name }]]);
    });
    return { type: "object", discriminator: { propertyName: tag }, required: [tag], oneOf };
  }
}
