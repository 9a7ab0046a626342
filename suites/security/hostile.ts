// Hostile requests and the leaks to look for in their answers. Bounded on purpose: the biggest body
// is 1 MiB and the deepest JSON 5,000 levels, enough to trip naive parsers without loading a
// shared machine.
import type { ApiRequest } from '../../lib/checks/context.js';
import { newCpf, uniqueExternalId } from '../../lib/flows/data.js';

export interface Hostile {
  what: string;
  req: ApiRequest;
}

const META_STRINGS = [
  "' OR '1'='1' --",
  '"; DROP TABLE customers; --',
  '{{7*7}}',
  '${7*7}',
  '<%= 7*7 %>',
  '#{7*7}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '\u0000',
  '\u202Egnp.exe',
  '\uFEFF\u200B\u200C\u200D',
  'Ａｄｍｉｎ',
  '𝕏'.repeat(50),
  '%00%0d%0aSet-Cookie:x=1',
  'a'.repeat(10_000),
];

function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export function hostileRequests(opts: { customerId?: string } = {}): Hostile[] {
  const out: Hostile[] = [];
  const json = (what: string, raw: string, path = '/customers', method = 'POST') =>
    out.push({ what, req: { method, path, raw, headers: { 'content-type': 'application/json' } } });

  // Malformed JSON and JSON that parses into surprises.
  json('a truncated JSON body', '{"cpf": "123.456.789-09", "name": ');
  json('JSON with single quotes', "{'cpf': '123'}");
  json('JSON with a trailing comma', '{"cpf":"123",}');
  json('a JSON array instead of an object', '[{"cpf":"123.456.789-09"}]');
  json('a JSON string instead of an object', '"cpf"');
  json('JSON null', 'null');
  json('an empty body declared as JSON', '');
  json('a 5,000-level deep JSON object', deepJson(5000));
  json('duplicate keys', '{"cpf":"1","cpf":{"$gt":""}}');
  json('a prototype-polluting body', '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"cpf":"1"}');
  json('a number too large for a double', `{"cpf":"1","name":${'9'.repeat(400)}}`);
  json('invalid UTF-8 escapes', '{"cpf":"\\ud800","name":"\\udfff"}');
  // Big and wrongly typed bodies. Those a lenient target might accept carry the suite's tagged
  // external_id, so a customer they create is known as ours.
  const tag = () => uniqueExternalId('hostile');
  out.push({ what: 'a 1 MiB name', req: { method: 'POST', path: '/customers', json: { cpf: newCpf(), name: 'x'.repeat(1024 * 1024), external_id: tag() } } });
  out.push({
    what: 'a body sent as text/plain',
    req: { method: 'POST', path: '/customers', raw: JSON.stringify({ cpf: newCpf(), external_id: tag() }), headers: { 'content-type': 'text/plain' } },
  });
  out.push({
    what: 'a body sent as XML',
    req: { method: 'POST', path: '/customers', raw: '<customer><cpf>1</cpf></customer>', headers: { 'content-type': 'application/xml' } },
  });
  out.push({ what: 'a form body on a JSON operation', req: { method: 'POST', path: '/customers', form: { cpf: newCpf(), external_id: tag() } } });
  out.push({
    what: 'binary garbage declared as JSON',
    req: { method: 'POST', path: '/customers', raw: new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x9f, 0x7b]), headers: { 'content-type': 'application/json' } },
  });
  out.push({ what: 'a multipart body on a JSON operation', req: { method: 'POST', path: '/customers', multipart: { cpf: newCpf(), external_id: tag() } } });
  // Metacharacters and unicode tricks in every string member of a create, in filters and in ids.
  for (const s of META_STRINGS) {
    const label = JSON.stringify(s.slice(0, 24));
    out.push({
      what: `customer members set to ${label}`,
      req: { method: 'POST', path: '/customers', json: { cpf: s, name: s, email: s, phone: s, trading_name: s, external_id: s } },
    });
    out.push({
      what: `customer filters set to ${label}`,
      req: { method: 'GET', path: '/customers', query: { cpf: s, external_id: s, status: s, sort: s, order: s } },
    });
    out.push({ what: `a customer id of ${label}`, req: { method: 'GET', path: `/customers/${encodeURIComponent(s)}` } });
    out.push({
      what: `webhook endpoint members set to ${label}`,
      req: { method: 'POST', path: '/webhooks/endpoints', json: { url: s, events: [s], description: s } },
    });
    if (opts.customerId) {
      out.push({
        what: `PATCH of a customer with ${label}`,
        req: { method: 'PATCH', path: `/customers/${opts.customerId}`, json: { name: s, email: s, phone: s, cnpj: s, trading_name: s } },
      });
    }
  }
  // Hostile multipart on the upload.
  if (opts.customerId) {
    out.push({
      what: 'a document upload with a hostile type and file name',
      req: {
        method: 'POST',
        path: `/customers/${opts.customerId}/documents`,
        multipart: {
          type: "../../x' OR 1=1",
          file: { filename: '../../etc/passwd\u0000.pdf', contentType: 'application/pdf', data: new Uint8Array([0x25, 0x50, 0x44, 0x46]) },
        },
      },
    });
  }
  return out;
}

/** Signs of internals in an answer: stack frames, source paths, secrets that must never travel. */
export function leaks(text: string, secrets: string[]): string[] {
  const found: string[] = [];
  const patterns: [string, RegExp][] = [
    ['a stack frame', /\n\s+at [^\n]+:\d+:\d+\)?/],
    ['a stack frame', /\bat (?:async )?[\w.$<>]+ \((?:file:\/\/)?\/[^)]+:\d+:\d+\)/],
    ['a node_modules path', /node_modules\//],
    ['a source file path', /\/(?:work|home|usr|srv|app)\/[\w./-]+\.(?:ts|js|mjs|cjs)\b/],
    ['an internal error name', /\b(?:TypeError|ReferenceError|SyntaxError|RangeError): /],
    ['a database error', /\b(?:SQLITE_|ECONNREFUSED|PG::|ORA-\d{5}|duplicate key value violates)/],
    ['a webhook secret', /whsec_[A-Za-z0-9+/]{16,}/],
    ['a client secret member', /"client_secret"\s*:/],
  ];
  for (const [name, re] of patterns) if (re.test(text) && !found.includes(name)) found.push(name);
  for (const s of secrets) if (s && s.length >= 8 && text.includes(s)) found.push('a credential the client sent');
  return found;
}
