export {
  type ClientOptions,
  clipBody,
  createClient,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_EVIDENCE_BODY_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  formatBytes,
  type HttpClient,
  type RecorderOptions,
  ResponseTooLargeError,
  requestTimeoutFor,
  resolveUrl,
  TokenError,
  TransportError,
} from './client.js';
export { type CurlRequest, toCurl } from './curl.js';
export { Redactor } from './redact.js';
export { type IssuedToken, TokenCache } from './token-cache.js';
export { describeTransportError, isTlsNotSpoken, transportCode } from './transport-error.js';
