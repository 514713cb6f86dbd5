// Type-level contract between the hand-written client and generated code.
//
// Generated code describes a schema as two maps and instantiates
// QmpClient<Commands, Events> with them:
//
//   export interface QmpCommands {
//     "query-jobs": { args: undefined; ret: JobInfo[] };
//     "job-dismiss": { args: JobDismissArg; ret: Record<string, never> };
//   }
//   export interface QmpEvents {
//     JOB_STATUS_CHANGE: JobStatusChangeData;
//     STOP: undefined;
//   }
//
// The constraints are written as mapped types over the map's own keys
// (`C extends CommandMap<C>`) so that interfaces, which have no implicit
// index signature, satisfy them.

/** What one command takes and returns. `args: undefined`: no arguments. */
export interface CommandSignature {
  args: object | undefined;
  ret: unknown;
}

/** Constraint for a command map C. */
export type CommandMap<C> = { [K in keyof C]: CommandSignature };

/** Constraint for an event map E: event name -> data (undefined: no data). */
export type EventMap<E> = { [K in keyof E]: object | undefined };

/** Untyped defaults: any command name, any event name. */
export type AnyCommands = Record<string, { args: Record<string, unknown> | undefined; ret: unknown }>;
export type AnyEvents = Record<string, Record<string, unknown> | undefined>;

export interface QmpTimestamp {
  seconds: number;
  microseconds: number;
}

/** An asynchronous event as received (qmp-spec.rst "Asynchronous events"). */
export interface QmpEvent<N extends string = string, D = unknown> {
  event: N;
  data: D;
  timestamp: QmpTimestamp;
}

/** The event type(s) for name(s) K of event map E (a union for a union K). */
export type EventOf<E, K extends keyof E = keyof E> = K extends string ? QmpEvent<K, E[K]> : never;

/** The greeting (qmp-spec.rst "Server Greeting"). */
export interface QmpGreeting {
  QMP: {
    version: unknown;
    capabilities: string[];
  };
}

export interface ExecuteOptions {
  /** Milliseconds to wait for the response (default: the client's timeout). */
  timeout?: number;
  /** Rejects the call with signal.reason when aborted. */
  signal?: AbortSignal;
  /** Send as "exec-oob" (needs the negotiated "oob" capability). */
  oob?: boolean;
}

/**
 * Rest parameters of execute(): arguments are optional when the command
 * takes none or all its members are optional.
 */
export type ExecuteArgs<A> = [A] extends [undefined]
  ? [args?: undefined, options?: ExecuteOptions]
  : {} extends A
    ? [args?: A, options?: ExecuteOptions]
    : [args: A, options?: ExecuteOptions];

/** The fields of QAPI's JobInfo (qapi/job.json) runJob relies on. */
export interface JobInfoLike {
  id: string;
  type: string;
  status: string;
  "current-progress": number;
  "total-progress": number;
  error?: string;
}

/** The element type of C's query-jobs result, else JobInfoLike. */
export type JobInfoOf<C> = C extends { "query-jobs": { ret: readonly (infer J)[] } } ? J : JobInfoLike;
