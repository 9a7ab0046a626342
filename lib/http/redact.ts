// Removes secrets from everything we record, so exchanges, curl commands, notes and reports can be
// shown and stored freely. Known secret values (client secrets, issued tokens) are replaced wherever
// they appear; secret-looking members of bodies are replaced by name and by shape.

/** JSON members whose string value is a secret, whatever it looks like. */
const SECRET_KEY = /^(client_secret|access_token|refresh_token|secret|previous_secret|password|token)$|_secret$/i;
/** Webhook signing secrets (Standard Webhooks `whsec_` + base64). */
const WHSEC = /whsec_[A-Za-z0-9+/=_-]+/g;
/** Form fields carrying secrets. */
const FORM_SECRET = /\b(client_secret|access_token|refresh_token)=[^&\s]*/gi;

export class Redactor {
  private readonly known = new Map<string, string>();

  /** Remember a secret value; every later occurrence becomes `<redacted:label>`. */
  add(value: string | undefined | null, label: string): void {
    // Very short values would redact ordinary text; no real secret is that short.
    if (value && value.length >= 6) this.known.set(value, `<redacted:${label}>`);
  }

  /** Redact a free text (message, note, body that is not JSON). */
  text(input: string): string {
    let out = input;
    for (const [value, placeholder] of this.known) {
      if (out.includes(value)) out = out.split(value).join(placeholder);
    }
    out = out.replace(WHSEC, 'whsec_<redacted>');
    out = out.replace(FORM_SECRET, (_m, key: string) => `${key}=<redacted>`);
    return out;
  }

  /** Redact a body: JSON is walked member by member, anything else goes through `text`. */
  body(input: string | undefined): string | undefined {
    if (input === undefined || input === '') return input;
    const trimmed = input.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
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
