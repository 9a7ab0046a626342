// Throughput and latency of the reference server on loopback, measured with autocannon. The server
// runs in a child process so the load generator does not share its event loop.
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { formatCPF, generateCPF } from '@brazilian-utils/brazilian-utils';
import { type ReferenceServer, startReferenceServer } from '../lib/reference/index.js';

interface Measurement {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

// autocannon ships no types; this is the part of its API used here.
interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface CannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: (CannonRequest & { setupRequest?: (req: CannonRequest) => CannonRequest; onResponse?: (status: number) => void })[];
}
interface CannonResult {
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: CannonOptions) => Promise<CannonResult>;
const WARMUP_S = 2;
const DURATION_S = 5;
const CONNECTIONS = 20;

// Child mode: start the server and report where it listens.
if (process.env.DINIE_BENCH_CHILD === '1') {
  // A load test must measure serving, not the rate limiter: lift the seeded partners' budget.
  const server = await startReferenceServer({ seededRateLimit: { limit: 1_000_000_000, windowSeconds: 60 } });
  process.send!({ baseUrl: server.baseUrl, partners: server.partners });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
}

async function startChild(): Promise<{ child: ChildProcess; server: Pick<ReferenceServer, 'baseUrl' | 'partners'> }> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, DINIE_BENCH_CHILD: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const server = await new Promise<Pick<ReferenceServer, 'baseUrl' | 'partners'>>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Pick<ReferenceServer, 'baseUrl' | 'partners'>));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, server };
}

async function token(baseUrl: string, p: { clientId: string; clientSecret: string }): Promise<string> {
  const res = await fetch(`${baseUrl}/auth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${p.clientId}:${p.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

function body(cpf: string, i: number): string {
  return JSON.stringify({ cpf, name: `Bench ${i}`, email: `bench${i}@example.com`, phone: '+5511999999999', external_id: `bench-${i}` });
}

export default async function bench(): Promise<Measurement[]> {
  const { child, server } = await startChild();
  try {
    const [pa, pb] = server.partners;
    const readToken = await token(server.baseUrl, pa!);
    const writeToken = await token(server.baseUrl, pb!);
    const created = await fetch(`${server.baseUrl}/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readToken}`, 'content-type': 'application/json' },
      body: body(formatCPF(generateCPF()), 0),
    });
    const customerId = ((await created.json()) as { id: string }).id;
    const origin = server.baseUrl.replace(/\/v3$/, '');

    const readOpts = {
      url: `${origin}/v3/customers/${customerId}`,
      connections: CONNECTIONS,
      headers: { authorization: `Bearer ${readToken}` },
    };
    await autocannon({ ...readOpts, duration: WARMUP_S }); // let the JIT settle before measuring
    const reads = await autocannon({
      url: `${origin}/v3/customers/${customerId}`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: { authorization: `Bearer ${readToken}` },
    });

    // Unique CPFs, generated before the run so generation is not measured.
    const cpfs = new Set<string>();
    while (cpfs.size < 100_000) cpfs.add(formatCPF(generateCPF()));
    const pool = [...cpfs];
    let next = 0;
    let statusErrors = 0;
    let counting = false;
    const writeOpts = (duration: number): CannonOptions => ({
      url: origin,
      connections: CONNECTIONS,
      duration,
      requests: [
        {
          method: 'POST',
          path: '/v3/customers',
          headers: { authorization: `Bearer ${writeToken}`, 'content-type': 'application/json' },
          setupRequest: (req) => {
            const i = next++ % pool.length;
            return { ...req, body: body(pool[i]!, i + 1) };
          },
          onResponse: (status) => {
            if (counting && status !== 201) statusErrors++;
          },
        },
      ],
    });
    await autocannon(writeOpts(WARMUP_S));
    counting = true;
    const writes = await autocannon(writeOpts(DURATION_S));

    return [
      { name: 'GET /v3/customers/{id} throughput', value: reads.requests.average, unit: 'req/s', target: '>= 5000' },
      { name: 'GET /v3/customers/{id} p99 latency', value: reads.latency.p99, unit: 'ms', target: '< 20' },
      { name: 'GET /v3/customers/{id} non-2xx', value: reads.non2xx, unit: 'responses', target: '0' },
      { name: 'POST /v3/customers throughput', value: writes.requests.average, unit: 'req/s', target: '>= 2000' },
      { name: 'POST /v3/customers p99 latency', value: writes.latency.p99, unit: 'ms', target: '< 20' },
      { name: 'POST /v3/customers answers other than 201', value: statusErrors, unit: 'responses', target: '0' },
    ];
  } finally {
    child.disconnect();
    await new Promise((r) => child.once('exit', r));
  }
}
