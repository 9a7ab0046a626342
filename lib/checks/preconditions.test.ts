import { describe, expect, it } from 'vitest';
import { inPrecondition, precondition } from './preconditions.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('precondition', () => {
  it('marks what runs from a step, across awaits and nested calls, and nothing outside it', async () => {
    const seen: string[] = [];
    const inner = async () => {
      await tick();
      seen.push(`inner:${inPrecondition()}`);
    };
    const step = precondition(async (n: number) => {
      seen.push(`step:${inPrecondition()}`);
      await inner();
      return n * 2;
    });
    expect(inPrecondition()).toBe(false);
    expect(await step(21)).toBe(42);
    expect(inPrecondition()).toBe(false);
    expect(seen).toEqual(['step:true', 'inner:true']);
  });

  it('keeps a step and a judgement running side by side apart', async () => {
    const marks: boolean[] = [];
    const step = precondition(async () => {
      for (let i = 0; i < 3; i++) {
        await tick();
        marks.push(inPrecondition());
      }
    });
    const own = async () => {
      const out: boolean[] = [];
      for (let i = 0; i < 3; i++) {
        await tick();
        out.push(inPrecondition());
      }
      return out;
    };
    const [, mine] = await Promise.all([step(), own()]);
    expect(marks).toEqual([true, true, true]);
    expect(mine).toEqual([false, false, false]);
  });

  it('passes a rejection through unchanged', async () => {
    const failing = precondition(async () => {
      throw new Error('the target refused');
    });
    await expect(failing()).rejects.toThrow('the target refused');
  });
});
