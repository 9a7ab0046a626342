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

/** The documented media type a received one matches: exact first, then `type/*`, then `*\/*`. */
export function matchMedia(documented: string[], received: string): string | undefined {
  const got = essence(received);
  const exact = documented.find((d) => essence(d) === got);
  if (exact) return exact;
  const [type] = got.split('/');
  return documented.find((d) => essence(d) === `${type}/*`) ?? documented.find((d) => essence(d) === '*/*');
}
