import { describe, expect, it } from 'vitest';
import { readRunSettings, selectChecks } from './run-settings.js';
import type { Check } from './types.js';

const mk = (id: string, area: Check['area']): Check => ({ id, area, level: 'MUST', title: id, source: 't', run: async () => {} });
const checks = [mk('AUTH-TOKEN-ISSUED', 'auth'), mk('CUST-CREATE', 'customers'), mk('CUST-LOCATION', 'customers'), mk('PAGE-WALK', 'pagination')];

describe('run settings', () => {
  it('reads the environment the CLI sets', () => {
    expect(readRunSettings({ DINIE_SEED: '42', DINIE_RUNS: '7', DINIE_TIMEOUT: '3000', DINIE_STRICT: 'true', DINIE_ONLY: 'auth, CUST-LOCATION' })).toEqual({
      seed: 42,
      runs: 7,
      timeoutMs: 3000,
      strict: true,
      only: ['auth', 'CUST-LOCATION'],
    });
    expect(readRunSettings({})).toMatchObject({ runs: 20, timeoutMs: 10_000, strict: false, only: [] });
    expect(() => readRunSettings({ DINIE_RUNS: 'many' })).toThrow('DINIE_RUNS must be a non-negative integer, not "many"');
  });

  it('filters by area, by id, and by id prefix', () => {
    const ids = (only: string[]) => selectChecks(checks, only).map((c) => c.id);
    expect(ids([])).toHaveLength(4);
    expect(ids(['customers'])).toEqual(['CUST-CREATE', 'CUST-LOCATION']);
    expect(ids(['page-walk', 'auth'])).toEqual(['AUTH-TOKEN-ISSUED', 'PAGE-WALK']);
    expect(ids(['CUST-*'])).toEqual(['CUST-CREATE', 'CUST-LOCATION']);
    expect(ids(['nothing'])).toEqual([]);
  });
});
