import { describe, expect, it } from 'vitest';
import { ApiError, validationError } from './problem.js';

describe('ApiError', () => {
  it('is an answer, not a bug: no stack is captured, its words are kept, and other errors still get their stacks', () => {
    const before = Error.stackTraceLimit;
    const e = validationError([{ field: 'cpf', message: 'must be 11 digits' }]);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.message).toBe('The request has invalid fields.');
    expect(e.status).toBe(422);
    expect(e.stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('a bug').stack).toMatch(/\n\s+at /);
  });
});
