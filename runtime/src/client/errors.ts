// Client-side failures that are not QMP error responses.
//
// A command the server rejected is a QmpError (runtime/src/support/qmp-error.ts)
// with the server's class and text.  These classes cover what happens on
// our side of the socket: the connection ended, a deadline passed, the
// server broke the protocol, or a job vanished before runJob could read it.
// Aborts reject with the AbortSignal's reason, as fetch() does.

export { QmpError, isQmpError } from "../support/qmp-error.js";

/** The connection closed (by us or the peer) before the answer came. */
export class QmpConnectionClosedError extends Error {
  constructor(message = "QMP connection closed", options?: { cause?: unknown }) {
    super(message, options);
    this.name = "QmpConnectionClosedError";
  }
}

/** No answer within the timeout.  The server may still run the command. */
export class QmpTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QmpTimeoutError";
  }
}

/** The server sent something QMP does not allow (bad greeting, not JSON, ...). */
export class QmpProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QmpProtocolError";
  }
}

/** runJob: the job concluded but was no longer listed by query-jobs. */
export class QmpJobGoneError extends Error {
  readonly jobId: string;
  constructor(jobId: string) {
    super(`job '${jobId}' was dismissed before query-jobs could report it (is auto-dismiss on?)`);
    this.name = "QmpJobGoneError";
    this.jobId = jobId;
  }
}
