import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SIGNAL_EXIT_CODE, watchRun } from './stop.js';

describe('watchRun', () => {
  it('a first signal aborts the run and is remembered; the same Ctrl-C relayed again is ignored, a later one quits at once', async () => {
    const source = new EventEmitter() as unknown as NodeJS.Process;
    const exits: number[] = [];
    const told: string[] = [];
    const stop = watchRun({ deadlineAt: Date.now() + 60_000, source, exit: (c) => exits.push(c), notify: (s) => told.push(s) });
    expect(stop.signal.aborted).toBe(false);
    (source as unknown as EventEmitter).emit('SIGINT');
    expect(stop.signal.aborted).toBe(true);
    expect(stop.interrupted()).toBe('SIGINT');
    expect(await stop.onSignal).toBe('SIGINT');
    (source as unknown as EventEmitter).emit('SIGINT'); // npm / tsx relaying the same Ctrl-C
    expect(exits).toEqual([]);
    await new Promise((r) => setTimeout(r, 1_050));
    (source as unknown as EventEmitter).emit('SIGTERM');
    expect(exits).toEqual([SIGNAL_EXIT_CODE.SIGTERM]);
    expect(told).toEqual(['SIGINT']);
    stop.dispose();
    expect((source as unknown as EventEmitter).listenerCount('SIGINT')).toBe(0);
  });

  it('aborts a grace period after the deadline, not before', async () => {
    const source = new EventEmitter() as unknown as NodeJS.Process;
    const stop = watchRun({ deadlineAt: Date.now() + 50, graceMs: 50, source });
    expect(stop.deadlinePassed()).toBe(false);
    await new Promise((r) => setTimeout(r, 70));
    expect(stop.deadlinePassed()).toBe(true);
    expect(stop.signal.aborted).toBe(false);
    await new Promise((r) => setTimeout(r, 60));
    expect(stop.signal.aborted).toBe(true);
    expect(stop.interrupted()).toBeUndefined();
    stop.dispose();
  });
});
