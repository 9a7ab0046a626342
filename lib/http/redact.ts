// Removes secrets from everything we record, so exchanges, curl commands, notes and reports can be
// shown and stored freely. Known secret values (client secrets, issued tokens, the secrets of the
// credentials and webhook endpoints a run creates) are replaced in every encoding a target may echo
// them in; secret-looking members of bodies are replaced by name and by shape.
//
// Which occurrences of a known value are replaced depends on its length, so short values do not
// shred ordinary text (decided here, documented in the README's "Against a hostile target"):
// - 8 characters or more: everywhere, also inside longer strings.
// - 4 to 7 characters (a 4-character token): as a whole token only, i.e. not preceded or followed
//   by a letter or digit: `Bearer t0k4`, `"t0k4"`, `?token=t0k4&` are redacted, `at0k4s` is not.
// - 1 to 3 characters: as a whole value only: a JSON string, a header value, the credential after
//   `Bearer`/`Basic`, a form or query parameter value, or a whole text equal to it.
// Every length is known and applied in each of these forms: raw, JSON-escaped, URL-encoded
// (percent and form encoding), base64 and base64url of the value alone, and for a client
// credential the bare base64 of `client_id:client_secret` (what follows `Basic `).

/** JSON members whose string value is a secret, whatever it looks like. */
const SECRET_KEY = /^(client_secret|access_token|refresh_token|secret|previous_secret|password|token)$|_secret$/i;
/** Webhook signing secrets (Standard Webhooks `whsec_` + base64). */
const WHSEC = /whsec_[A-Za-z0-9+/=_-]+/g;
/** Form fields carrying secrets. */
// The value ends at a quote or a backslash too: inside serialised JSON it must not swallow an escape.
const FORM_SECRET = /\b(client_secret|access_token|refresh_token)=[^&\s"'\\]*/gi;

/** Values at least this long are redacted wherever they occur. */
export const SUBSTRING_MIN_LENGTH = 8;
/** Values at least this long (and shorter than SUBSTRING_MIN_LENGTH) are redacted as whole tokens. */
export const TOKEN_MIN_LENGTH = 4;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const base64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const base64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** The forms a value may be echoed in: raw, JSON-escaped, URL-encoded, base64 (std and url-safe). */
export function encodedForms(value: string): string[] {
  const forms = new Set<string>([value]);
  forms.add(JSON.stringify(value).slice(1, -1));
  forms.add(encodeURIComponent(value));
  forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  const b64 = base64(value);
  forms.add(b64);
  forms.add(b64.replace(/=+$/, ''));
  forms.add(base64url(value));
  forms.delete('');
  return [...forms];
}

/** The forms of a client credential beyond its secret's: the bare base64 of `client_id:client_secret`. */
export function credentialForms(clientId: string, clientSecret: string): string[] {
  const pair = `${clientId}:${clientSecret}`;
  const b64 = base64(pair);
  return [...new Set([b64, b64.replace(/=+$/, ''), base64url(pair), encodeURIComponent(b64)])];
}

export interface RedactorOptions {
  /** What a known value becomes (default `<redacted:label>`). */
  placeholder?: (label: string) => string;
  /**
   * Replace only the values given (`add`), not the patterns that catch secrets of unknown value
   * (`whsec_…`, `client_secret=…`): for a recording that keeps everything else as sent, its own
   * placeholders included (observe mode's `[token #2]`).
   */
  knownOnly?: boolean;
}

export class Redactor {
  private readonly placeholder: (label: string) => string;
  private readonly knownOnly: boolean;
  /** Forms of SUBSTRING_MIN_LENGTH or more, replaced wherever they occur (longest first). */
  private readonly long = new Map<string, string>();
  /** Shorter forms of TOKEN_MIN_LENGTH or more, replaced as whole tokens. */
  private readonly short = new Map<string, string>();
  /** Forms shorter than TOKEN_MIN_LENGTH, replaced as whole values only. */
  private readonly tiny = new Map<string, string>();
  private longSorted: [string, string][] | undefined;
  private shortRe: RegExp | undefined | null;

  constructor(opts: RedactorOptions = {}) {
    this.placeholder = opts.placeholder ?? ((label) => `<redacted:${label}>`);
    this.knownOnly = opts.knownOnly === true;
  }

  /** Remember a secret value; every later occurrence, in every form, becomes `<redacted:label>`. */
  add(value: string | undefined | null, label: string): void {
    if (typeof value !== 'string' || value === '') return;
    for (const form of encodedForms(value)) this.addForm(form, label);
    // A webhook secret is also echoed without its prefix (the base64 key is what signs).
    const m = /^whsec_(.+)$/.exec(value);
    if (m) for (const form of encodedForms(m[1]!)) this.addForm(form, label);
  }

  /** Remember a client credential: its secret (as `add`) and the bare base64 of `client_id:client_secret`. */
  addCredential(clientId: string | undefined | null, clientSecret: string | undefined | null, label = 'client_secret'): void {
    if (typeof clientSecret !== 'string' || clientSecret === '') return;
    this.add(clientSecret, label);
    if (typeof clientId === 'string') for (const form of credentialForms(clientId, clientSecret)) this.addForm(form, 'basic_credentials');
  }

  /**
   * Learns the secrets a JSON value carries: strings under secret-looking members (client_secret,
   * secret, access_token, …; a `client_id` beside a `client_secret` makes a credential). Call it on
   * every body the client sees, so what a target hands out is redacted wherever it is echoed later.
   */
  learn(v: unknown, depth = 0): void {
    if (depth > 8 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v.slice(0, 1000)) this.learn(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.client_secret === 'string') this.addCredential(typeof o.client_id === 'string' ? o.client_id : undefined, o.client_secret);
    for (const [k, x] of Object.entries(o)) {
      if (typeof x === 'string') {
        if (SECRET_KEY.test(k) && !/^<redacted/.test(x)) this.add(x, k.toLowerCase());
      } else this.learn(x, depth + 1);
    }
  }

  private addForm(form: string, label: string): void {
    const placeholder = this.placeholder(label);
    const map = form.length >= SUBSTRING_MIN_LENGTH ? this.long : form.length >= TOKEN_MIN_LENGTH ? this.short : this.tiny;
    if (map.has(form)) return;
    map.set(form, placeholder);
    if (map === this.long) this.longSorted = undefined;
    if (map === this.short) this.shortRe = undefined;
  }

  /** A whole value equal to a tiny secret (or any known form), else undefined. */
  private whole(value: string): string | undefined {
    return this.tiny.get(value) ?? this.short.get(value) ?? this.long.get(value);
  }

  /** Redact a free text (message, note, body that is not JSON). */
  text(input: string): string {
    const exact = this.whole(input);
    if (exact) return exact;
    let out = input;
    const sorted = (this.longSorted ??= [...this.long].sort((a, b) => b[0].length - a[0].length));
    // A value longer than the text cannot be in it: start at the first one that fits (most texts
    // are short header values, and a run knows hundreds of long forms). The same replacements, in
    // the same order, as walking them all.
    for (let i = firstNotLonger(sorted, out.length); i < sorted.length; i++) {
      const [value, placeholder] = sorted[i]!;
      if (value.length <= out.length && out.includes(value)) out = out.split(value).join(placeholder);
    }
    if (this.shortRe === undefined) {
      const forms = [...this.short.keys()].sort((a, b) => b.length - a.length);
      this.shortRe = forms.length ? new RegExp(`(?<![A-Za-z0-9])(?:${forms.map(escapeRe).join('|')})(?![A-Za-z0-9])`, 'g') : null;
    }
    if (this.shortRe) out = out.replace(this.shortRe, (m) => this.short.get(m) ?? '<redacted>');
    if (!this.knownOnly) {
      out = out.replace(WHSEC, 'whsec_<redacted>');
      out = out.replace(FORM_SECRET, (_m, key: string) => `${key}=<redacted>`);
    }
    if (this.tiny.size) {
      // Tiny values only as whole values: a quoted JSON string, a parameter value (`a=b&c=d`), or
      // the credential after an auth scheme.
      out = out.replace(/"((?:[^"\\\n]|\\.){1,12})"/g, (m, val: string) => {
        const hit = this.tiny.get(val);
        return hit ? `"${hit}"` : m;
      });
      out = out.replace(/([?&;]|^)([^=&?;\s]+)=([^&\s#;]*)/g, (m, sep: string, k: string, val: string) => {
        const hit = this.tiny.get(val) ?? this.tiny.get(safeDecode(val));
        return hit ? `${sep}${k}=${hit}` : m;
      });
      out = out.replace(/\b(Bearer|Basic)( +)([^\s"',;]+)/g, (m, scheme: string, sp: string, val: string) => {
        const hit = this.tiny.get(val);
        return hit ? `${scheme}${sp}${hit}` : m;
      });
    }
    return out;
  }

  /** Redact a body: JSON is walked member by member, anything else goes through `text`. */
  body(input: string | undefined): string | undefined {
    if (input === undefined || input === '') return input;
    const trimmed = input.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')) {
      try {
        return this.text(JSON.stringify(this.value(JSON.parse(input))));
      } catch {
        // not JSON after all: fall through to text redaction
      }
    }
    return this.text(input);
  }

  /** Redact a parsed JSON value (used for evidence `expected`/`actual` too). */
  value(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        out[k] = SECRET_KEY.test(k) && typeof x === 'string' ? `<redacted:${k}>` : this.value(x);
      }
      return out;
    }
    return v;
  }

  /** Redact headers: Authorization by scheme, cookies entirely, the rest as text. */
  headers(h: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(h)) {
      const lower = name.toLowerCase();
      if (lower === 'authorization' || lower === 'proxy-authorization') {
        const scheme = value.split(' ')[0]?.toLowerCase();
        out[name] = scheme === 'bearer' ? 'Bearer <redacted:token>' : scheme === 'basic' ? 'Basic <redacted>' : '<redacted>';
      } else if (lower === 'cookie' || lower === 'set-cookie') {
        out[name] = '<redacted>';
      } else {
        out[name] = this.text(value);
      }
    }
    return out;
  }
}

/** The index of the first entry no longer than `length`, in entries sorted longest first. */
export function firstNotLonger(sorted: readonly (readonly [string, string])[], length: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]![0].length > length) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
