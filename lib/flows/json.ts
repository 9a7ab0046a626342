// Reading members of JSON a target answered with, before anything has proven its shape.

/** A member of a JSON object (undefined when `value` is no object). */
export function memberOf(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
