// Every backend `qapi-ts generate` runs, in output order.

import type { Backend } from "../backend.js";
import { introspectBackend } from "./introspect.js";

export const BACKENDS: readonly Backend[] = [introspectBackend];
