// One short sentence for a request that got no HTTP answer, with its code: what a person reads in a
// check's evidence or in the preflight's ConfigError. Never a stack, an OpenSSL source path or a
// multi-line message. The one place both the client and the preflight (lib/targets/probe.ts) use.

/**
 * The error code of a transport failure: undici wraps system errors in `cause`; Node's happy-eyeballs
 * connect throws an AggregateError; an aborted or timed-out signal is `TIMEOUT`.
 */
export function transportCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; name?: string; cause?: unknown; errors?: unknown[] } | undefined;
  if (!err || typeof err !== 'object') return undefined;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'TIMEOUT';
  if (typeof err.code === 'string') return err.code;
  if (err.cause) {
    const inner = transportCode(err.cause);
    if (inner) return inner;
  }
  if (Array.isArray(err.errors) && err.errors.length) return transportCode(err.errors[0]);
  return undefined;
}

const TLS_NOT_SPOKEN = new Set(['EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);
const CERT_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** Whether `e` is `https://` spoken to a port that does not speak TLS (e.g. a plain-HTTP server). */
export function isTlsNotSpoken(e: unknown): boolean {
  const code = transportCode(e);
  if (code && TLS_NOT_SPOKEN.has(code)) return true;
  return /wrong version number|packet length too long/i.test(errorText(e));
}

function errorText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 4; depth++) {
    const { message, cause } = cur as { message?: unknown; cause?: unknown };
    if (typeof message === 'string') parts.push(message);
    cur = cause;
  }
  return parts.join(' ');
}

/**
 * A message as one clean line: the first line only, without file paths (OpenSSL puts its source
 * file in the message) and at most 160 characters.
 */
function cleanMessage(e: unknown): string {
  const first = (errorText(e).split('\n')[0] ?? '').trim();
  const noPaths = first.replace(/(?:[A-Za-z]:)?(?:\.{1,2}|~)?(?:[\\/][\w.@+-]+){2,}(?::\d+)*:?/g, '…').replace(/\s+/g, ' ');
  return noPaths.length > 160 ? `${noPaths.slice(0, 159)}…` : noPaths;
}

/**
 * One short sentence, without a final full stop, for a request that got no HTTP answer:
 * `no answer within 300 ms`, `the connection was reset (ECONNRESET)`, `TLS handshake failed: the
 * server does not speak TLS on this port (ERR_SSL_WRONG_VERSION_NUMBER)`, …
 * `timeoutMs` is the wait that ran out when the cause is a timeout.
 */
export function describeTransportError(e: unknown, timeoutMs: number): string {
  const code = transportCode(e);
  if (isTlsNotSpoken(e)) return `TLS handshake failed: the server does not speak TLS on this port (${code ?? 'EPROTO'})`;
  switch (code) {
    case 'TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `no answer within ${timeoutMs} ms`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `the body stopped arriving for ${timeoutMs} ms (UND_ERR_BODY_TIMEOUT)`;
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return `the connection could not be established in time (${code})`;
    case 'ECONNRESET':
      return 'the connection was reset (ECONNRESET)';
    case 'UND_ERR_SOCKET':
      return 'the server closed the connection without a complete answer (UND_ERR_SOCKET)';
    case 'UND_ERR_CLOSED':
      return 'the connection was closed (UND_ERR_CLOSED)';
    case 'EPIPE':
      return 'the connection was closed while the request was sent (EPIPE)';
    case 'ECONNREFUSED':
      return 'the connection was refused (ECONNREFUSED)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return `the host name does not resolve (${code})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
      return `the host is unreachable (${code})`;
    case 'CERT_HAS_EXPIRED':
      return "TLS handshake failed: the server's certificate has expired (CERT_HAS_EXPIRED)";
    case 'CERT_NOT_YET_VALID':
      return "TLS handshake failed: the server's certificate is not valid yet (CERT_NOT_YET_VALID)";
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return "TLS handshake failed: the server's certificate does not name this host (ERR_TLS_CERT_ALTNAME_INVALID)";
    case 'UND_ERR_HEADERS_OVERFLOW':
      return "the answer's headers are too large (UND_ERR_HEADERS_OVERFLOW)";
    case undefined:
      break;
    default:
      if (CERT_UNTRUSTED.has(code)) return `TLS handshake failed: the server's certificate is not trusted (${code})`;
      if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return `TLS handshake failed (${code})`;
      if (code.startsWith('HPE_')) return `the answer is not valid HTTP (${code})`;
      return `the request failed (${code})`;
  }
  const msg = cleanMessage(e);
  return msg ? `the request failed: ${msg}` : 'the request failed';
}
