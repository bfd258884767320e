// The range deadline counts the server's time only: while the reader holds a chunk, it stops.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadline } from '../../../src/sources/dcos/deadline.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Deadline', () => {
  it('fires after its time, not counting the time held', () => {
    let fired = 0;
    const d = new Deadline(100, () => fired++);
    vi.advanceTimersByTime(60);
    d.hold();
    vi.advanceTimersByTime(10_000); // the reader's time
    expect(fired).toBe(0);
    d.go();
    vi.advanceTimersByTime(39);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
    d.go(); // once over, never again
    vi.advanceTimersByTime(1000);
    expect(fired).toBe(1);
  });

  it('held at its last moment, it still fires on go; cleared or 0, never', () => {
    let fired = 0;
    const d = new Deadline(50, () => fired++);
    vi.setSystemTime(Date.now() + 50); // the clock passed the due time before the timer ran
    d.hold();
    d.go();
    vi.advanceTimersByTime(0);
    expect(fired).toBe(1);
    const c = new Deadline(50, () => fired++);
    c.clear();
    c.go();
    new Deadline(0, () => fired++).go();
    vi.advanceTimersByTime(1000);
    expect(fired).toBe(1);
  });
});
