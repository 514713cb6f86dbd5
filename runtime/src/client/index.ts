// The QMP client's public surface.
export { QmpClient, type QmpClientOptions } from "./qmp-client.js";
export { type RunJobOptions } from "./run-job.js";
export {
  QmpConnectionClosedError,
  QmpError,
  QmpJobGoneError,
  QmpProtocolError,
  QmpTimeoutError,
  isQmpError,
} from "./errors.js";
export {
  SocketTransport,
  connectTcp,
  connectUnix,
  createMemoryTransportPair,
  type ConnectOptions,
  type MemoryTransport,
  type Transport,
  type TransportHandlers,
} from "./transport.js";
export { JsonSplitter } from "./json-splitter.js";
export type * from "./types.js";
