// An async iterator over events, fed by the client.  Each stream buffers
// the events it matched since it was created, so a consumer that is busy
// between two `next()` calls loses nothing; breaking out of `for await`
// (return()) unsubscribes.

export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private readonly waiters: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void }[] = [];
  private done = false;
  private error: unknown = undefined;

  constructor(private readonly unsubscribe: () => void) {}

  /** Called by the client for every matching event. */
  push(value: T): void {
    if (this.done) {
      return;
    }
    const w = this.waiters.shift();
    if (w) {
      w.resolve({ value, done: false });
    } else {
      this.queue.push(value);
    }
  }

  /** End the stream: buffered events are still delivered, then done (or `error`). */
  end(error?: unknown): void {
    if (this.done) {
      return;
    }
    this.done = true;
    this.error = error;
    this.unsubscribe();
    for (const w of this.waiters.splice(0)) {
      if (error === undefined) {
        w.resolve({ value: undefined, done: true });
      } else {
        w.reject(error);
      }
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) {
      return Promise.resolve({ value: this.queue.shift()!, done: false });
    }
    if (this.done) {
      if (this.error !== undefined) {
        const e = this.error;
        this.error = undefined; // report once, then plain done
        return Promise.reject(e);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
