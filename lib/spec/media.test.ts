import { describe, expect, it } from 'vitest';
import { essence, isForm, isJson, matchMedia } from './media.js';

describe('media types', () => {
  it('compares without parameters or case', () => {
    expect(essence('Application/Problem+JSON; charset=utf-8')).toBe('application/problem+json');
    expect(matchMedia(['application/json'], 'application/json; charset=utf-8')).toBe('application/json');
  });

  it('prefers an exact match, then wildcards', () => {
    expect(matchMedia(['application/json', 'application/problem+json'], 'application/problem+json')).toBe('application/problem+json');
    expect(matchMedia(['image/*'], 'image/png')).toBe('image/*');
    expect(matchMedia(['*/*'], 'text/plain')).toBe('*/*');
  });

  it('matches a +json suffix to plain JSON, never the reverse', () => {
    expect(matchMedia(['application/json'], 'application/vnd.dinie+json')).toBe('application/json');
    expect(matchMedia(['application/problem+json'], 'application/json')).toBeUndefined();
    expect(matchMedia(['application/json'], 'text/html')).toBeUndefined();
  });

  it('knows JSON and form bodies', () => {
    expect(isJson('application/problem+json')).toBe(true);
    expect(isJson('text/plain')).toBe(false);
    expect(isForm('multipart/form-data; boundary=x')).toBe(true);
    expect(isForm('application/x-www-form-urlencoded')).toBe(true);
  });
});
