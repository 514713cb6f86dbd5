/**
 * One QMP request -> one response (mirrors qapi/qmp-dispatch.c qmp_dispatch()
 * and qmp_dispatch_check_obj(), QEMU 7.2).
 *
 * Checks, in QEMU's order: the input is an object; its members (in QDict
 * hash order: execute / exec-oob / arguments / id, anything else is
 * unexpected); the command exists in the monitor's current command list;
 * OOB support; machine phase (allow-preconfig).  Then the command runs and
 * the response is `{"return": ...}` or `{"error": {"class", "desc"}}`, with
 * "id" copied verbatim when the request was an object.
 */
import type { CommandMeta, JsonObject, JsonValue } from "../support/dispatch-types.js";
import { isQmpError, QmpError } from "../support/qmp-error.js";
import { isQDict, newJsonObject, qdictKeys } from "./qdict.js";

/** A response as QEMU builds it (a QDict); `null` for QCO_NO_SUCCESS_RESP. */
export type QmpResponse = JsonObject;

/** What qmp_dispatch needs from its caller (the monitor). */
export interface DispatchEnv {
  /** Look the command up in the monitor's current list (mon->commands). */
  find(name: string): CommandMeta | undefined;
  /** Run it (the marshaller). May throw QmpError. */
  run(meta: CommandMeta, args: JsonObject, oob: boolean): unknown | Promise<unknown>;
  /** phase_check(PHASE_MACHINE_READY). */
  machineReady: boolean;
  /** Report a handler failure that is not a QmpError (a bug). */
  onInternalError?(err: unknown): void;
}

/** qmp_error_response(): `{"error": {"class", "desc"}}`. */
export function errorResponse(err: QmpError): QmpResponse {
  const rsp = newJsonObject();
  const error = newJsonObject();
  error["class"] = err.errorClass;
  error["desc"] = err.desc;
  rsp["error"] = error;
  return rsp;
}

/** qmp_is_oob(): has "exec-oob" and no "execute". */
export function isOobRequest(v: JsonValue | undefined): boolean {
  return v !== undefined && isQDict(v) && Object.hasOwn(v, "exec-oob") && !Object.hasOwn(v, "execute");
}

/** qmp_dispatch_check_obj(): returns the name of the exec member or throws. */
function checkObj(dict: JsonObject, allowOob: boolean): "execute" | "exec-oob" {
  let execKey: "execute" | "exec-oob" | undefined;
  for (const name of qdictKeys(dict)) {
    const value = dict[name]!;
    if (name === "execute" || (name === "exec-oob" && allowOob)) {
      if (typeof value !== "string") throw QmpError.generic(`QMP input member '${name}' must be a string`);
      if (execKey) throw QmpError.generic(`QMP input member '${name}' clashes with '${execKey}'`);
      execKey = name;
    } else if (name === "arguments") {
      if (!isQDict(value)) throw QmpError.generic("QMP input member 'arguments' must be an object");
    } else if (name !== "id") {
      throw QmpError.generic(`QMP input member '${name}' is unexpected`);
    }
  }
  if (!execKey) throw QmpError.generic("QMP input lacks member 'execute'");
  return execKey;
}

/**
 * Everything up to running the command: the meta, args and oob flag, or
 * a QmpError for the request.
 */
function prepare(
  dict: JsonObject,
  allowOob: boolean,
  env: DispatchEnv,
): { meta: CommandMeta; args: JsonObject; oob: boolean } {
  const execKey = checkObj(dict, allowOob);
  const command = dict[execKey] as string;
  const oob = execKey === "exec-oob";
  const meta = env.find(command);
  if (!meta) throw QmpError.commandNotFound(`The command ${command} has not been found`);
  if (oob && !meta.allowOob) throw QmpError.generic(`The command ${command} does not support OOB`);
  if (!env.machineReady && !meta.allowPreconfig) {
    throw QmpError.generic(`The command '${meta.name}' is permitted only after machine initialization has completed`);
  }
  const args = Object.hasOwn(dict, "arguments") ? (dict["arguments"] as JsonObject) : newJsonObject();
  return { meta, args, oob };
}

/** Turn the command's outcome into the response (before "id" is added). */
function finish(meta: CommandMeta, ret: unknown): QmpResponse | null {
  if (!meta.successResponse) return null;
  const rsp = newJsonObject();
  rsp["return"] = (ret === undefined ? newJsonObject() : ret) as JsonValue;
  return rsp;
}

function failure(err: unknown, env: DispatchEnv): QmpResponse {
  if (isQmpError(err)) return errorResponse(err);
  env.onInternalError?.(err);
  const msg = err instanceof Error ? err.message : String(err);
  return errorResponse(QmpError.generic(`internal error: ${msg}`));
}

function withId(rsp: QmpResponse | null, dict: JsonObject | undefined): QmpResponse | null {
  if (rsp && dict && Object.hasOwn(dict, "id")) rsp["id"] = dict["id"]!;
  return rsp;
}

/**
 * qmp_dispatch(): synchronous when the command is, else a Promise.  `null`
 * means no response (success of a 'success-response': false command).
 */
export function qmpDispatch(
  request: JsonValue,
  allowOob: boolean,
  env: DispatchEnv,
): QmpResponse | null | Promise<QmpResponse | null> {
  if (!isQDict(request)) return errorResponse(QmpError.generic("QMP input must be a JSON object"));
  let prepared: ReturnType<typeof prepare>;
  try {
    prepared = prepare(request, allowOob, env);
  } catch (err) {
    return withId(failure(err, env), request);
  }
  const { meta, args, oob } = prepared;
  let ret: unknown;
  try {
    ret = env.run(meta, args, oob);
  } catch (err) {
    return withId(failure(err, env), request);
  }
  if (ret instanceof Promise) {
    return ret.then(
      (value) => withId(finish(meta, value), request),
      (err) => withId(failure(err, env), request),
    );
  }
  return withId(finish(meta, ret), request);
}
