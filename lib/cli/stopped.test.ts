// A run cut short names why in every check's words (the signal, or the deadline) and counts them
// in one console line; the runners' signal-agnostic words are made the run's.
import { describe, expect, it } from 'vitest';
import { deadlineCancelled, deadlineNotRun, INTERRUPTED_CANCELLED, INTERRUPTED_NOT_RUN, interruptedNotRun, notRunResult } from '../checks/not-run.js';
import type { CheckResult } from '../checks/types.js';
import { stoppedLine, withStopWords } from './stopped.js';

const check = (id: string) => ({ id, level: 'MUST' as const, area: 'auth' as const, title: 't', source: 's' });
const passed: CheckResult = { ...notRunResult(check('A-PASSED'), ''), outcome: 'passed' };
delete passed.message;
const results = [passed, notRunResult(check('A-CANCELLED'), INTERRUPTED_CANCELLED), notRunResult(check('A-NOT-RUN'), INTERRUPTED_NOT_RUN)];

describe('a run cut short', () => {
  it("by its deadline: the runners' words become the deadline's, and the line counts them", () => {
    const how = { interrupted: undefined, deadlineS: 60 };
    const out = withStopWords(results, how);
    expect(out.map((r) => r.message)).toEqual([undefined, deadlineCancelled(60), deadlineNotRun(60)]);
    expect(stoppedLine(out, how)).toBe("the run's deadline (60 s) passed: 1 checks were not run, 1 were cancelled while running");
  });

  it('by a signal: the words name it, and a deadline that did not stop the run says nothing', () => {
    const how = { interrupted: 'SIGTERM' as const, deadlineS: 60 };
    const out = withStopWords(results, how);
    expect(out.map((r) => r.message)).toEqual([undefined, INTERRUPTED_CANCELLED, interruptedNotRun('SIGTERM')]);
    expect(stoppedLine(out, how)).toBe('interrupted (SIGTERM): 1 checks ran, 1 were cancelled, 1 were not run');
    expect(stoppedLine([passed], { interrupted: undefined, deadlineS: 60 })).toBeUndefined();
  });
});
