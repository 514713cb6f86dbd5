// Every backend `qapi-ts generate` runs, in output order.

import type { Backend } from "../backend.js";
import { clientBackend } from "./client.js";
import { dispatchBackend } from "./dispatch.js";
import { docsBackend } from "./docs.js";
import { eventsBackend } from "./events.js";
import { indexBackend } from "./index-file.js";
import { introspectBackend } from "./introspect.js";
import { typesBackend } from "./types.js";
import { validatorsBackend } from "./validators.js";

export const BACKENDS: readonly Backend[] = [
  typesBackend,
  introspectBackend,
  validatorsBackend,
  dispatchBackend,
  eventsBackend,
  clientBackend,
  docsBackend,
  // index re-exports what the others produced: keep it last
  indexBackend,
];
