/**
 * Injected time for the simulated VM.
 *
 * Mirrors the QEMU clocks the snapshot code reads: the host wall clock
 * (g_date_time_new_now_local, microsecond resolution, used for snapshot dates
 * and event timestamps), a monotonic host clock for timers, and
 * QEMU_CLOCK_VIRTUAL (VirtualClock below), which only advances while the guest
 * runs.  Tests use SimulatedClock, whose advance(ms) fires due timers in order,
 * so nothing depends on real time.
 */

/** Handle of a one-shot timer. */
export interface Timer {
  cancel(): void;
}

/** The time source every time-dependent part of the runtime receives. */
export interface Clock {
  /** Host wall clock in microseconds since the Unix epoch. */
  realtimeUs(): number;
  /** Monotonic host time in nanoseconds (arbitrary origin). */
  monotonicNs(): number;
  /** Run fn once after delayMs milliseconds of monotonic time. */
  setTimer(delayMs: number, fn: () => void): Timer;
}

/** The real clock: Date.now / process.hrtime / setTimeout. */
export class RealClock implements Clock {
  /** hrtime origin, so monotonicNs() stays well inside 2^53. */
  private readonly originNs = process.hrtime.bigint();

  realtimeUs(): number {
    // performance.timeOrigin + now() gives sub-millisecond wall time.
    return Math.floor((performance.timeOrigin + performance.now()) * 1000);
  }

  monotonicNs(): number {
    return Number(process.hrtime.bigint() - this.originNs);
  }

  setTimer(delayMs: number, fn: () => void): Timer {
    const handle = setTimeout(fn, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(handle) };
  }
}

interface PendingTimer {
  dueNs: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to.  advance(ms) moves time forward and
 * fires every timer that falls due on the way, earliest first (ties in the
 * order they were set); a timer set by a firing timer fires in the same call
 * if it falls due before the end of the advance.
 */
export class SimulatedClock implements Clock {
  private nowNs = 0;
  private seq = 0;
  private timers: PendingTimer[] = [];

  /** @param epochUs wall-clock time (µs since the epoch) at monotonic time 0. */
  constructor(private readonly epochUs = 1_700_000_000_000_000) {}

  realtimeUs(): number {
    return this.epochUs + Math.floor(this.nowNs / 1000);
  }

  monotonicNs(): number {
    return this.nowNs;
  }

  setTimer(delayMs: number, fn: () => void): Timer {
    const timer: PendingTimer = {
      dueNs: this.nowNs + Math.max(0, Math.round(delayMs * 1e6)),
      seq: this.seq++,
      fn,
      cancelled: false,
    };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Number of timers still waiting to fire. */
  pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Move time forward by ms, firing due timers in order. */
  advance(ms: number): void {
    const endNs = this.nowNs + Math.round(ms * 1e6);
    for (;;) {
      const next = this.nextDue(endNs);
      if (!next) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.nowNs = Math.max(this.nowNs, next.dueNs);
      next.fn();
    }
    this.nowNs = endNs;
  }

  /** Run timers until none is left (bounded, to catch self-rearming loops). */
  runAll(maxSteps = 100_000): void {
    for (let i = 0; i < maxSteps; i++) {
      const live = this.timers.filter((t) => !t.cancelled);
      if (live.length === 0) return;
      const due = Math.min(...live.map((t) => t.dueNs));
      this.advance((due - this.nowNs) / 1e6);
    }
    throw new Error("SimulatedClock.runAll: timers keep re-arming");
  }

  private nextDue(endNs: number): PendingTimer | undefined {
    this.timers = this.timers.filter((t) => !t.cancelled);
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (t.dueNs > endNs) continue;
      if (!best || t.dueNs < best.dueNs || (t.dueNs === best.dueNs && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/**
 * QEMU_CLOCK_VIRTUAL: guest time in ns, advancing with the host monotonic
 * clock only while the VM runs (cpu_enable_ticks / cpu_disable_ticks).
 * Starts at 0, so a guest that never ran (-S) reads 0.
 */
export class VirtualClock {
  private accumulatedNs = 0;
  private startedAtNs: number | undefined;

  constructor(private readonly host: Clock) {}

  /** cpu_enable_ticks(): the guest starts running. */
  start(): void {
    if (this.startedAtNs === undefined) this.startedAtNs = this.host.monotonicNs();
  }

  /** cpu_disable_ticks(): the guest stops. */
  stop(): void {
    if (this.startedAtNs === undefined) return;
    this.accumulatedNs += this.host.monotonicNs() - this.startedAtNs;
    this.startedAtNs = undefined;
  }

  get running(): boolean {
    return this.startedAtNs !== undefined;
  }

  /** qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL). */
  nowNs(): number {
    const live = this.startedAtNs === undefined ? 0 : this.host.monotonicNs() - this.startedAtNs;
    return this.accumulatedNs + live;
  }

  /** Set the guest clock (loading a snapshot's VM state restores it). */
  set(ns: number): void {
    this.accumulatedNs = ns;
    if (this.startedAtNs !== undefined) this.startedAtNs = this.host.monotonicNs();
  }
}
