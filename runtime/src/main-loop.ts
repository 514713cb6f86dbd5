/**
 * Bottom halves of the simulated main loop.
 *
 * In QEMU, work scheduled with aio_bh_schedule_oneshot() runs when the main
 * loop next polls, i.e. after the monitor has written the current command's
 * response.  The QMP server mirrors that by calling drain() after it writes
 * each response (and before dispatching the next queued command), which is
 * what makes the snapshot jobs' waiting/pending/concluded events follow the
 * `{"return": {}}` and precede the next reply.
 */
export class MainLoop {
  private queue: Array<() => void> = [];
  private draining = false;

  /** Schedule fn to run at the next drain() (FIFO). */
  bh(fn: () => void): void {
    this.queue.push(fn);
  }

  /** Number of bottom halves waiting. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Run queued bottom halves, including those they schedule, until none is
   * left.  Re-entrant calls (a BH calling drain) return at once, as QEMU's
   * aio_bh_poll does not nest.
   */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let fn = this.queue.shift(); fn; fn = this.queue.shift()) fn();
    } finally {
      this.draining = false;
    }
  }
}
