// A fast generator for the simple anchored patterns ids and codes use (`^cust_[0-9a-f]{32}$`,
// `^\+[1-9]\d{7,14}$`): one fast-check integer seeds a small PRNG that draws every character, far
// cheaper than fc.stringMatching's one arbitrary per character. Anything with groups or
// alternation is left to fc.stringMatching (the function returns undefined).
import fc from 'fast-check';

interface Token {
  chars: string;
  min: number;
  max: number;
}

const DIGITS = '0123456789';
const WORD = `abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ${DIGITS}_`;

function classChars(body: string): string | undefined {
  if (body.startsWith('^')) return undefined; // negated classes: not simple
  let out = '';
  for (let i = 0; i < body.length; i++) {
    let c = body[i]!;
    if (c === '\\') {
      const e = body[++i];
      if (e === 'd') {
        out += DIGITS;
        continue;
      }
      if (e === 'w') {
        out += WORD;
        continue;
      }
      if (e === undefined || /[a-zA-Z]/.test(e)) return undefined;
      c = e;
    }
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const end = body[i + 2]!;
      for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) out += String.fromCharCode(code);
      i += 2;
    } else out += c;
  }
  return out || undefined;
}

export function parseSimplePattern(pattern: string): Token[] | undefined {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return undefined;
  const src = pattern.slice(1, -1);
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    let chars: string | undefined;
    const c = src[i]!;
    if (c === '[') {
      const close = src.indexOf(']', i + 1);
      if (close < 0) return undefined;
      chars = classChars(src.slice(i + 1, close));
      i = close + 1;
    } else if (c === '\\') {
      const e = src[i + 1];
      if (e === 'd') chars = DIGITS;
      else if (e === 'w') chars = WORD;
      else if (e !== undefined && !/[a-zA-Z0-9]/.test(e)) chars = e;
      i += 2;
    } else if ('()|.*+?{}$^'.includes(c)) return undefined;
    else {
      chars = c;
      i++;
    }
    if (!chars) return undefined;
    let min = 1,
      max = 1;
    const q = src[i];
    if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (!m) return undefined;
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : min + 8) : min;
      i += m[0].length;
    } else if (q === '?') {
      min = 0;
      max = 1;
      i++;
    } else if (q === '+') {
      min = 1;
      max = 9;
      i++;
    } else if (q === '*') {
      min = 0;
      max = 8;
      i++;
    }
    if (src[i] === '?' || src[i] === '+') return undefined; // lazy/possessive quantifiers
    tokens.push({ chars, min, max });
  }
  return tokens;
}

export function simplePatternArb(pattern: string): fc.Arbitrary<string> | undefined {
  const tokens = parseSimplePattern(pattern);
  if (!tokens) return undefined;
  return fc.integer({ min: 0, max: 0x7fffffff }).map((seed) => {
    let s = seed | 0;
    const next = () => {
      // mulberry32
      s = (s + 0x6d2b79f5) | 0;
      let t = Math.imul(s ^ (s >>> 15), 1 | s);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    let out = '';
    for (const { chars, min, max } of tokens) {
      const n = min + Math.floor(next() * (max - min + 1));
      for (let k = 0; k < n; k++) out += chars[Math.floor(next() * chars.length)];
    }
    return out;
  });
}
