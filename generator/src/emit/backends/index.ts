// Every backend `qapi-ts generate` runs, in output order.

import type { Backend } from "../backend.js";

export const BACKENDS: readonly Backend[] = [];
