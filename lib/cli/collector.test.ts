import { describe, expect, it } from 'vitest';
import { runningName } from './collector.js';

describe('runningName (the CI heartbeat)', () => {
  it('names a check by its requirement id and a self-test by its name, shortened', () => {
    expect(runningName('HOOK-RETRY-ON-FAILURE A failed delivery is retried with back-off.')).toBe('HOOK-RETRY-ON-FAILURE');
    expect(runningName('fault loan-error-reason-unstructured is caught')).toBe('fault loan-error-reason-unstructured is caught');
    const long = `fault ${'x'.repeat(80)} is caught (sdk revision)`;
    expect(runningName(long)).toHaveLength(60);
    expect(runningName(long).endsWith('…')).toBe(true);
    // A sentence that merely starts with a capital word is not an id.
    expect(runningName('Allure history keeps the last runs')).toBe('Allure history keeps the last runs');
  });
});
