// Renders a recorded request as a curl command a person can paste. Credentials never appear:
// they are shell variables the reader sets ($DINIE_ACCESS_TOKEN, $DINIE_CLIENT_ID, $DINIE_CLIENT_SECRET).

export interface CurlRequest {
  method: string;
  url: string;
  /** Headers as recorded (already redacted); Authorization is rewritten from `auth`. */
  headers: Record<string, string>;
  auth: 'bearer' | 'basic' | 'none';
  /** Redacted text body. */
  body?: string;
  /** Instead of `body`: the body was too long to show, curl reads it from this file (`--data-binary @file`). */
  bodyFile?: string;
  /** For multipart: fields and files, files by name only. */
  multipart?: Record<string, string | { filename: string; contentType: string }>;
}

/** Single-quote for POSIX shells. */
function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(req: CurlRequest): string {
  const parts = ['curl', '-sS', '-X', req.method.toUpperCase(), q(req.url)];
  if (req.auth === 'bearer') parts.push('-H', '"Authorization: Bearer $DINIE_ACCESS_TOKEN"');
  if (req.auth === 'basic') parts.push('-u', '"$DINIE_CLIENT_ID:$DINIE_CLIENT_SECRET"');
  for (const [name, value] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    // curl computes these itself; Authorization comes from `auth` above.
    if (lower === 'authorization' || lower === 'content-length' || lower === 'host') continue;
    if (req.multipart && lower === 'content-type') continue;
    parts.push('-H', q(`${name}: ${value}`));
  }
  if (req.multipart) {
    for (const [field, v] of Object.entries(req.multipart)) {
      parts.push('-F', q(typeof v === 'string' ? `${field}=${v}` : `${field}=@${v.filename};type=${v.contentType}`));
    }
  } else if (req.bodyFile !== undefined) {
    parts.push('--data-binary', q(`@${req.bodyFile}`));
  } else if (req.body !== undefined && req.body !== '') {
    parts.push('--data-raw', q(req.body));
  }
  return parts.join(' ');
}
