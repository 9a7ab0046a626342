import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Check } from '../checks/types.js';
import { inRunOrder } from '../checks/vitest.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

describe('the order of a suite file’s tests', () => {
  it('registers the checks that share the target first, then the exclusive ones, each kind in its order', () => {
    const c = (id: string, extra: Partial<Check> = {}) => ({ id, level: 'MUST', area: 'auth', title: id, source: 't', run: async () => {}, ...extra }) as Check;
    const checks = [
      c('A'),
      c('CLOCK', { needs: ['stateful', 'clock'] }),
      c('B', { needs: ['webhooks'] }),
      c('RATE', { area: 'rate-limits' }),
      c('ALONE', { exclusive: true }),
    ];
    expect(inRunOrder(checks).map((x) => x.id)).toEqual(['A', 'B', 'CLOCK', 'RATE', 'ALONE']);
  });
});

describe('runVitest', () => {
  it('runs the exclusive checks after every other, alone, and reports every check exactly once', { timeout: 120_000 }, async () => {
    // Fixture suite (lib/cli/__fixtures__/schedule): one file, as suites/conformance.test.ts is,
    // whose checks that must run alone (needs clock, area rate-limits, exclusive: true) are listed
    // among the others.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, '__fixtures__/schedule/run.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    await new Promise((r) => child.once('exit', r));
    expect(out.trim(), err).not.toBe('');
    const run = JSON.parse(out.trim().split('\n').at(-1)!) as {
      checks: { id: string; outcome: string; span?: string }[];
      errors: string[];
      allure: { name: string; status: string }[];
    };
    const shared = ['A-FOUR', 'A-ONE', 'A-THREE', 'A-TWO'];
    const alone = ['ALONE', 'CLOCK', 'RATE', 'RATE-TWO'];
    expect(run.errors).toEqual([]);
    // The shared checks' results, then the exclusive ones', each check once and passed.
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
    // Allure: one result per check, none skipped.
    expect(run.allure.map((a) => a.name.split(' ')[0]).sort()).toEqual([...shared, ...alone].sort());
    expect(run.allure.filter((a) => a.status !== 'passed')).toEqual([]);
    // When they ran (ms since the epoch, noted by each check): an exclusive check overlaps nothing,
    // and the first starts after the last shared check ended; the shared ones ran side by side.
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
    const sharedSpans = spans.filter((s) => shared.includes(s.id));
    const lastShared = Math.max(...sharedSpans.map((s) => s.end));
    expect(Math.min(...spans.filter((s) => alone.includes(s.id)).map((s) => s.start))).toBeGreaterThanOrEqual(lastShared);
    expect(lastShared - Math.min(...sharedSpans.map((s) => s.start)), 'the shared checks ran one after another').toBeLessThan(300 + 200 + 300 + 300);
  });
});
