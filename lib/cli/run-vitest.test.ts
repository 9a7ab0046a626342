import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Check } from '../checks/types.js';
import { checksOfPhase, readPhase } from '../checks/vitest.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

describe('phases of the suites', () => {
  it('puts every check in exactly one phase, in its order; no phase named: all of them', () => {
    const c = (id: string, extra: Partial<Check> = {}) => ({ id, level: 'MUST', area: 'auth', title: id, source: 't', run: async () => {}, ...extra }) as Check;
    const checks = [
      c('A'),
      c('CLOCK', { needs: ['stateful', 'clock'] }),
      c('B', { needs: ['webhooks'] }),
      c('RATE', { area: 'rate-limits' }),
      c('ALONE', { exclusive: true }),
    ];
    expect(checksOfPhase(checks, 'shared').map((x) => x.id)).toEqual(['A', 'B']);
    expect(checksOfPhase(checks, 'exclusive').map((x) => x.id)).toEqual(['CLOCK', 'RATE', 'ALONE']);
    expect(checksOfPhase(checks, undefined)).toEqual(checks);
    expect(readPhase({})).toBeUndefined();
    expect(readPhase({ DINIE_PHASE: 'exclusive' })).toBe('exclusive');
    expect(() => readPhase({ DINIE_PHASE: 'both' })).toThrow('DINIE_PHASE must be "shared" or "exclusive", not "both"');
  });
});

describe('runVitest in phases', () => {
  it('runs the exclusive checks in a second phase, alone, and reports every check exactly once', { timeout: 120_000 }, async () => {
    // Fixture suites (lib/cli/__fixtures__/phases): ONE, TWO and FOUR hold checks that must run
    // alone (needs clock, area rate-limits, exclusive: true); THREE holds none; FOUR holds only such.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, '__fixtures__/phases/run.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    await new Promise((r) => child.once('exit', r));
    expect(out.trim(), err).not.toBe('');
    const run = JSON.parse(out.trim().split('\n').at(-1)!) as {
      checks: { id: string; outcome: string; span?: string }[];
      phases: { phase: string; files: string[]; checks: string[] }[];
      errors: string[];
      allure: { name: string; status: string }[];
    };
    const shared = ['ONE-A', 'ONE-B', 'THREE-A', 'TWO-A'];
    const alone = ['FOUR-RATE', 'ONE-CLOCK', 'TWO-ALONE', 'TWO-RATE'];
    expect(run.errors).toEqual([]);
    expect(run.phases.map((p) => ({ ...p, checks: [...p.checks].sort() }))).toMatchObject([
      { phase: 'shared', files: ['one.check.ts', 'three.check.ts', 'two.check.ts'], checks: shared },
      { phase: 'exclusive', files: ['four.check.ts', 'one.check.ts', 'two.check.ts'], checks: alone },
    ]);
    // Both phases' results, in order, each check once and passed.
    expect(
      run.checks
        .map((c) => c.id)
        .slice(0, 4)
        .sort(),
    ).toEqual(shared);
    expect(
      run.checks
        .map((c) => c.id)
        .slice(4)
        .sort(),
    ).toEqual(alone);
    expect(run.checks.every((c) => c.outcome === 'passed')).toBe(true);
    // Allure: one result per check, none skipped (a check of the other phase is not registered at all).
    expect(run.allure.map((a) => a.name.split(' ')[0]).sort()).toEqual([...shared, ...alone].sort());
    expect(run.allure.filter((a) => a.status !== 'passed')).toEqual([]);
    // When they ran (ms since the epoch, noted by each check): an exclusive check overlaps nothing.
    const spans = run.checks.map((c) => {
      const [, start, end] = (c.span ?? '').split(' ').map(Number);
      return { id: c.id, start: start!, end: end! };
    });
    for (const x of spans.filter((s) => alone.includes(s.id))) {
      expect(
        spans.filter((y) => y !== x && x.start < y.end && y.start < x.end).map((y) => y.id),
        `${x.id} overlapped`,
      ).toEqual([]);
    }
    const lastShared = Math.max(...spans.filter((s) => shared.includes(s.id)).map((s) => s.end));
    expect(Math.min(...spans.filter((s) => alone.includes(s.id)).map((s) => s.start))).toBeGreaterThanOrEqual(lastShared);
  });
});
