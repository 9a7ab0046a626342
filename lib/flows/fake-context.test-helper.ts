// A minimal CheckContext for unit tests of the flows: requests are answered by `handler`, the
// driver by `driver`; fail/skip throw the runner's own errors.
import type { ApiRequest, ApiResponse, CheckContext, Driver } from '../checks/context.js';
import { PollTimeout, poll } from '../checks/poll.js';
import { CheckFailure, CheckSkipped } from '../checks/types.js';

export function fakeContext(
  handler: (req: ApiRequest) => { status: number; body: unknown },
  driver: Partial<Driver> = {},
): CheckContext & { requests: ApiRequest[] } {
  const requests: ApiRequest[] = [];
  const respond = async (req: ApiRequest): Promise<ApiResponse> => {
    requests.push(req);
    const { status, body } = handler(req);
    const text = JSON.stringify(body);
    return {
      status,
      body,
      text,
      headers: {},
      contentType: 'application/json',
      exchange: { request: { method: req.method, url: req.path, headers: {} }, retries: 0, durationMs: 0, startedAt: '', curl: '' },
    };
  };
  const ctx = {
    requests,
    target: { name: 'fake', baseUrl: 'http://127.0.0.1/v3', capabilities: new Set(['stateful', 'control', 'advances']) },
    api: { partner: 'A', clientId: 'dinie_ci_test_x', request: respond, token: async () => 't' },
    driver: { mode: 'control', ...driver } as Driver,
    seed: 1,
    runs: 1,
    timeoutMs: 1000,
    note() {},
    fail(message: string, expected?: unknown, actual?: unknown): never {
      throw new CheckFailure(message, expected, actual);
    },
    skip(reason: string): never {
      throw new CheckSkipped(reason);
    },
    ensure(cond: unknown, message: string, expected?: unknown, actual?: unknown) {
      if (!cond) throw new CheckFailure(message, expected, actual);
    },
    async eventually<T>(probe: () => Promise<T>, pred: (v: T) => boolean, o: { what: string; timeoutMs?: number; intervalMs?: number }) {
      try {
        return await poll(probe, pred, { what: o.what, timeoutMs: o.timeoutMs ?? 300, intervalMs: 10 });
      } catch (e) {
        if (e instanceof PollTimeout) throw new CheckFailure(`${o.what}: not observed within ${e.timeoutMs} ms`, o.what, e.last);
        throw e;
      }
    },
  };
  return ctx as unknown as CheckContext & { requests: ApiRequest[] };
}
