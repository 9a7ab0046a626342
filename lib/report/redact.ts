// Last line of defence against leaking secrets: lib/http already redacts exchanges, but every
// file this suite writes and every line it prints passes through here too. Also keeps the suite's
// own internals (stack traces, this machine's paths) out of what it reports.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redactor } from '../http/redact.js';

/** The suite's root directory on this machine (what `internals` strips from reported text). */
export const SUITE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Text patterns that carry a secret whatever its value. Each keeps its label and drops the value. */
const PATTERNS: [RegExp, string][] = [
  [/whsec_[A-Za-z0-9+/=_-]+/g, 'whsec_[redacted]'],
  [/\bdinie_cs_(live|test)_[A-Za-z0-9_-]+/g, 'dinie_cs_$1_[redacted]'],
  [/\b(Bearer|Basic)\s+(?!\$)[A-Za-z0-9._~+/=-]{6,}/g, '$1 [redacted]'],
  // Bounded: unbounded runs overflow V8's regexp stack on the megabytes of base64 in the Allure page.
  [/\beyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,8192}/g, '[redacted-jwt]'],
  // Linear patterns only (no alternation under a quantifier): these run over multi-megabyte reports.
  [/("(?:client_secret|access_token|refresh_token|secret|previous_secret|password)"\s*:\s*")[^"\\]*(?:\\.[^"\\]*)*"/gi, '$1[redacted]"'],
  [/(\\"(?:client_secret|access_token|refresh_token|secret|previous_secret|password)\\"\s*:\s*\\")[^"\\]*\\"/gi, '$1[redacted]\\"'],
  [/\b(client_secret|access_token)=(?!\$)[^&\s"'\\]+/gi, '$1=[redacted]'],
];

const SECRET_KEY = /secret|token|password|passwd|api[-_]?key|authorization/i;

/** String values under secret-looking keys anywhere in `value` (e.g. a TargetSpec's credentials), whatever their length. */
export function collectSecrets(value: unknown, underSecretKey = false, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (underSecretKey && value !== '') out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectSecrets(v, underSecretKey, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectSecrets(v, underSecretKey || SECRET_KEY.test(k), out);
  }
  return out;
}

export interface CredentialPair {
  clientId: string;
  clientSecret: string;
}

/** Client credentials anywhere in `value`: objects with `clientId`+`clientSecret` (or `client_id`+`client_secret`). */
export function collectCredentials(value: unknown, out: CredentialPair[] = [], depth = 0): CredentialPair[] {
  if (depth > 8 || !value || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    for (const v of value) collectCredentials(v, out, depth + 1);
    return out;
  }
  const o = value as Record<string, unknown>;
  const id = o.clientId ?? o.client_id;
  const secret = o.clientSecret ?? o.client_secret;
  if (typeof id === 'string' && typeof secret === 'string' && secret !== '') out.push({ clientId: id, clientSecret: secret });
  for (const v of Object.values(o)) collectCredentials(v, out, depth + 1);
  return out;
}

export type Scrubber = (text: string) => string;

export interface ScrubberOptions {
  /** Client credentials: the bare base64 of `client_id:client_secret` is removed too. */
  credentials?: Iterable<CredentialPair>;
  /** This machine's path to strip (default SUITE_ROOT); `false` keeps paths. */
  root?: string | false;
}

/**
 * A scrubber that removes the given secret values, of any length (as lib/http/redact.ts decides:
 * 8+ characters everywhere, 4–7 as whole tokens, shorter as whole values), in every form (raw,
 * JSON-escaped, URL-encoded, base64; base64 of `client_id:client_secret` for credentials), plus
 * the patterns above, and this machine's path to the suite (`/work/…/lib/x.ts` → `lib/x.ts`).
 */
export function makeScrubber(secrets: Iterable<string> = [], opts: ScrubberOptions = {}): Scrubber {
  const known = new Redactor({ placeholder: () => '[redacted]' });
  for (const s of secrets) known.add(s, 'secret');
  for (const c of opts.credentials ?? []) known.addCredential(c.clientId, c.clientSecret);
  const root = opts.root === false ? undefined : (opts.root ?? SUITE_ROOT);
  return (text: string) => {
    let out = known.text(text);
    for (const [re, repl] of PATTERNS) out = out.replace(re, repl);
    if (root) out = stripRoot(out, root);
    return out;
  };
}

/** `file:///work/main/lib/x.ts` and `/work/main/lib/x.ts` → `lib/x.ts`. */
export function stripRoot(text: string, root: string = SUITE_ROOT): string {
  if (root.length < 2 || !text.includes(root)) return text;
  const r = root.replace(/\/+$/, '');
  return text.split(`file://${r}/`).join('').split(`${r}/`).join('').split(r).join('.');
}

/** A line of a stack trace (`    at fn (/path/file.ts:1:2)`, `    at async Promise.all (index 0)`). */
const STACK_FRAME = /^[ \t]+at [^\n]*(?:\)|:\d+:\d+)[ \t]*$/;

/**
 * The suite's internals out of a message or note: stack frames dropped, this machine's paths made
 * relative to the suite, a path into `node_modules/` named only by its package.
 */
export function scrubInternals(text: string, root: string = SUITE_ROOT): string {
  let lines = text.split('\n');
  if (lines.some((l) => STACK_FRAME.test(l))) lines = lines.filter((l) => !STACK_FRAME.test(l));
  let out = stripRoot(lines.join('\n'), root);
  out = out.replace(/(?:(?:\/[^\s'"():/]+)+\/|\b)node_modules\/((?:@[^/\s'"():]+\/)?[^/\s'"():]+)\/[^\s'"():]*/g, '$1');
  return out.trimEnd();
}

/**
 * Scrubs a JSON text. The text pass catches every form of a secret, but a secret shaped like JSON
 * punctuation could break the syntax: then each string value is scrubbed instead (`indent` as
 * JSON.stringify's), so the result is always valid JSON when the input was.
 */
export function scrubJsonText(text: string, scrub: Scrubber, indent?: number): string {
  const out = scrub(text);
  try {
    JSON.parse(out);
    return out;
  } catch {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return out; // it was not JSON to begin with
    }
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return scrub(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return `${JSON.stringify(walk(value), null, indent)}${text.endsWith('\n') ? '\n' : ''}`;
  }
}
