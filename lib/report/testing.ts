// Synthetic check results for the report tests (and for looking at the renderers by hand).
import type { Area, CheckResult, Exchange, Level, Outcome } from '../types.js';
import { type BuildRunReportInput, buildRunReport } from './build.js';
import type { RunReport } from './types.js';

export function syntheticExchange(status = 201, over: Partial<Exchange> = {}): Exchange {
  return {
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:4555/v3/customers',
      headers: { 'content-type': 'application/json', authorization: 'Bearer $DINIE_TOKEN', 'idempotency-key': 'k-1' },
      body: JSON.stringify({ cpf: '123.456.789-09', name: 'Ana' }),
    },
    response: {
      status,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_1' },
      body: JSON.stringify({ id: 'cust_0123456789abcdef0123456789abcdef', status: 'pending_kyc' }),
    },
    retries: 0,
    durationMs: 12.5,
    startedAt: '2026-11-23T10:00:00.000Z',
    curl: "curl -X POST 'http://127.0.0.1:4555/v3/customers' -H 'Authorization: Bearer $DINIE_TOKEN' -H 'content-type: application/json' --data '{\"cpf\":\"123.456.789-09\"}'",
    ...over,
  };
}

export function syntheticResult(id: string, area: Area, level: Level, outcome: Outcome, extra: Partial<CheckResult> = {}): CheckResult {
  const bad = outcome === 'failed' || outcome === 'warning';
  return {
    id,
    level,
    area,
    title: `${id.toLowerCase().replace(/-/g, ' ')} holds`,
    source: 'seed 001 · Register a new customer',
    outcome,
    ...(outcome !== 'passed' ? { message: outcome === 'skipped' ? 'target is stateless' : `${id} was violated` } : {}),
    ...(outcome === 'skipped' ? { lacks: ['stateful' as const] } : {}),
    evidence: {
      ...(bad ? { expected: { status: 409 }, actual: { status: 201 } } : {}),
      exchanges: outcome === 'skipped' ? [] : [syntheticExchange(bad ? 201 : 409)],
      notes: bad ? ['fast-check seed 42, counterexample ["x"]'] : [],
    },
    durationMs: 30,
    ...extra,
  };
}

/** One of every kind: MUST pass/fail/skip, SHOULD warning/pass, across three areas. */
export function syntheticResults(): CheckResult[] {
  return [
    syntheticResult('CUST-CONFLICT-409', 'customers', 'MUST', 'failed'),
    syntheticResult('CUST-LOCATION-HEADER', 'customers', 'MUST', 'passed'),
    syntheticResult('AUTH-BAD-CREDENTIALS-401', 'auth', 'MUST', 'passed'),
    syntheticResult('AUTH-TOKEN-EXPIRES', 'auth', 'MUST', 'skipped'),
    syntheticResult('RATE-HEADERS', 'rate-limits', 'SHOULD', 'warning'),
    syntheticResult('RATE-RETRY-AFTER', 'rate-limits', 'MUST', 'passed'),
  ];
}

export function syntheticReport(results: CheckResult[] = syntheticResults(), over: Partial<BuildRunReportInput> = {}): RunReport {
  return buildRunReport({
    suite: { name: 'dinie-conformance', version: '0.1.0' },
    target: { name: 'local', baseUrl: 'http://127.0.0.1:4555/v3', capabilities: ['stateful', 'control'] },
    contract: { title: 'Dinie API', version: '3.0.0', revision: 'docs', digest: 'sha256:abc123', path: 'fixtures/openapi/dinie-v3.yaml' },
    seed: 42,
    runs: 50,
    options: {
      command: 'conformance',
      only: [],
      strict: false,
      timeoutMs: null,
      faults: [],
      auto: false,
      webhookUrl: null,
      webhookPort: null,
      baseline: null,
      compare: null,
    },
    startedAt: new Date('2026-11-23T10:00:00.000Z'),
    durationMs: 1234,
    results,
    ...over,
  });
}
