// The injected clocks and the main loop's bottom halves.
import { describe, expect, it } from "vitest";
import { RealClock, SimulatedClock, VirtualClock } from "../../../runtime/src/clock.js";
import { MainLoop } from "../../../runtime/src/main-loop.js";

describe("SimulatedClock", () => {
  it("fires due timers in time order, ties in setting order", () => {
    const c = new SimulatedClock(5_000_000);
    const seen: string[] = [];
    c.setTimer(30, () => seen.push("c"));
    c.setTimer(10, () => seen.push("a"));
    c.setTimer(10, () => seen.push("b"));
    c.setTimer(50, () => seen.push("late"));
    c.advance(30);
    expect(seen).toEqual(["a", "b", "c"]);
    expect(c.realtimeUs()).toBe(5_030_000);
    expect(c.pendingTimers()).toBe(1);
  });

  it("fires timers set by timers within the same advance, at their own time", () => {
    const c = new SimulatedClock();
    const at: number[] = [];
    c.setTimer(5, () => {
      at.push(c.monotonicNs());
      c.setTimer(5, () => at.push(c.monotonicNs()));
    });
    c.advance(20);
    expect(at).toEqual([5e6, 10e6]);
    expect(c.monotonicNs()).toBe(20e6);
  });

  it("cancelled timers never fire; runAll empties the queue", () => {
    const c = new SimulatedClock();
    let n = 0;
    c.setTimer(1, () => n++).cancel();
    c.setTimer(1000, () => n++);
    c.runAll();
    expect(n).toBe(1);
    expect(c.pendingTimers()).toBe(0);
  });
});

describe("VirtualClock", () => {
  it("counts only running time", () => {
    const c = new SimulatedClock();
    const v = new VirtualClock(c);
    c.advance(100);
    expect(v.nowNs()).toBe(0);
    v.start();
    c.advance(250);
    v.stop();
    c.advance(1000);
    expect(v.nowNs()).toBe(250e6);
    v.set(7);
    expect(v.nowNs()).toBe(7);
  });
});

describe("RealClock", () => {
  it("gives microsecond wall time and small monotonic values", () => {
    const c = new RealClock();
    expect(Math.abs(c.realtimeUs() / 1000 - Date.now())).toBeLessThan(1000);
    expect(c.monotonicNs()).toBeLessThan(60e9);
  });
});

describe("MainLoop", () => {
  it("runs bottom halves FIFO, including ones scheduled while draining", () => {
    const loop = new MainLoop();
    const seen: number[] = [];
    loop.bh(() => {
      seen.push(1);
      loop.bh(() => seen.push(3));
      loop.drain(); // nested drain is a no-op
    });
    loop.bh(() => seen.push(2));
    expect(loop.pending).toBe(2);
    loop.drain();
    expect(seen).toEqual([1, 2, 3]);
    expect(loop.pending).toBe(0);
  });
});
