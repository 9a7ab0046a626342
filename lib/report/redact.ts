// Last line of defence against leaking secrets: lib/http already redacts exchanges, but every
// file this suite writes and every line it prints passes through here too.

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
  [/\b(client_secret|access_token)=(?!\$)[^&\s"']+/gi, '$1=[redacted]'],
];

const SECRET_KEY = /secret|token|password|passwd|api[-_]?key|authorization/i;

/** String values under secret-looking keys anywhere in `value` (e.g. a TargetSpec's credentials). */
export function collectSecrets(value: unknown, underSecretKey = false, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (underSecretKey && value.length >= 6) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectSecrets(v, underSecretKey, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectSecrets(v, underSecretKey || SECRET_KEY.test(k), out);
  }
  return out;
}

export type Scrubber = (text: string) => string;

/** A scrubber that removes the given secret values (and their JSON-escaped forms) plus the patterns above. */
export function makeScrubber(secrets: Iterable<string> = []): Scrubber {
  const values = [...new Set(secrets)].filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
  const forms = new Set<string>();
  for (const v of values) {
    forms.add(v);
    forms.add(JSON.stringify(v).slice(1, -1));
    forms.add(encodeURIComponent(v));
    forms.add(Buffer.from(v).toString('base64'));
  }
  const literal = [...forms].filter((f) => f.length >= 6);
  return (text: string) => {
    let out = text;
    for (const f of literal) if (out.includes(f)) out = out.split(f).join('[redacted]');
    for (const [re, repl] of PATTERNS) out = out.replace(re, repl);
    return out;
  };
}
