/**
 * qmp_capabilities (mirrors monitor/qmp-cmds-control.c qmp_caps_accept() and
 * qmp_qmp_capabilities(), QEMU 7.2), plus a stand-in for its generated
 * argument visitor, used when the dispatcher does not provide the command.
 */
import type { CommandMeta, JsonObject, JsonValue } from "../support/dispatch-types.js";
import { QmpError } from "../support/qmp-error.js";
import { qdictKeys } from "./qdict.js";

/** QMPCapability in 7.2 (qapi/control.json). */
export const QMP_CAPABILITIES: readonly string[] = ["oob"];

/** The schema's qmp_capabilities: allow-preconfig, success response. */
export const QMP_CAPABILITIES_META: CommandMeta = {
  name: "qmp_capabilities",
  allowOob: false,
  allowPreconfig: true,
  successResponse: true,
};

/**
 * qmp_caps_accept(): every requested capability must be offered, else
 * "Capability a, b not available"; returns the new capability set.
 */
export function acceptCapabilities(offered: readonly string[], enable: readonly string[] | undefined): Set<string> {
  const unavailable: string[] = [];
  const enabled = new Set<string>();
  for (const cap of enable ?? []) {
    if (!offered.includes(cap)) unavailable.push(cap);
    enabled.add(cap);
  }
  if (unavailable.length) throw QmpError.generic(`Capability ${unavailable.join(", ")} not available`);
  return enabled;
}

/**
 * The generated qmp_marshal_qmp_capabilities argument visit, for
 * `{'*enable': ['QMPCapability']}`: returns the validated list.
 */
export function visitCapabilitiesArgs(args: JsonObject): string[] | undefined {
  let enable: string[] | undefined;
  if (Object.hasOwn(args, "enable")) {
    const list = args["enable"]!;
    if (!Array.isArray(list)) throw QmpError.generic("Invalid parameter type for 'enable', expected: array");
    enable = list.map((item: JsonValue, i) => {
      if (typeof item !== "string") {
        throw QmpError.generic(`Invalid parameter type for 'enable[${i}]', expected: string`);
      }
      // input_type_enum() names a list element "null" (it has no name)
      if (!QMP_CAPABILITIES.includes(item)) throw QmpError.generic(`Parameter 'null' does not accept value '${item}'`);
      return item;
    });
  }
  const extra = qdictKeys(args).find((k) => k !== "enable");
  if (extra !== undefined) throw QmpError.generic(`Parameter '${extra}' is unexpected`);
  return enable;
}
