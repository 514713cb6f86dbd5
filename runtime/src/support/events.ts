/**
 * What generated event emitters need from whoever sends events: the QMP
 * server's QmpContext has this shape, and so can a test's recorder.
 *
 * Dependency-free on purpose: generated code imports this file.
 */

export interface EventSink {
  // Method syntax on purpose: a sink taking JSON objects (QmpContext) is
  // accepted for the typed event data of the generated emitters.
  emitEvent(name: string, data?: object): void;
}

/** An event as a client receives it (QMP's event message, timestamp included). */
export interface QmpEventMessage<N extends string = string, D = unknown> {
  readonly event: N;
  readonly data: D;
  readonly timestamp: { readonly seconds: number; readonly microseconds: number };
}
