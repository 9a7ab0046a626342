// Media-type comparison: parameters and case ignored, wildcards honoured, `+json` treated as JSON.

/** `Application/Problem+JSON; charset=utf-8` → `application/problem+json`. */
export function essence(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

export function isJson(contentType: string): boolean {
  const t = essence(contentType);
  return t === 'application/json' || t.endsWith('+json');
}

export function isForm(contentType: string): boolean {
  const t = essence(contentType);
  return t === 'multipart/form-data' || t === 'application/x-www-form-urlencoded';
}

/**
 * The documented media type a received one matches: exact first, then `type/*`, then `*\/*`, and
 * last a structured suffix (`application/vnd.x+json` is JSON where only `application/json` is
 * documented). The reverse never matches: plain JSON is not `application/problem+json`.
 */
export function matchMedia(documented: string[], received: string): string | undefined {
  const got = essence(received);
  const exact = documented.find((d) => essence(d) === got);
  if (exact) return exact;
  const [type] = got.split('/');
  const wildcard = documented.find((d) => essence(d) === `${type}/*`) ?? documented.find((d) => essence(d) === '*/*');
  if (wildcard) return wildcard;
  const suffix = /\+([a-z0-9.-]+)$/.exec(got)?.[1];
  return suffix ? documented.find((d) => essence(d) === `${type}/${suffix}`) : undefined;
}
