export {
  createClient, resolveUrl, requestTimeoutFor, formatBytes, clipBody, TokenError, TransportError, ResponseTooLargeError,
  DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_EVIDENCE_BODY_BYTES,
  type ClientOptions, type HttpClient, type RecorderOptions,
} from './client.js';
export { transportCode, describeTransportError, isTlsNotSpoken } from './transport-error.js';
export { Redactor } from './redact.js';
export { toCurl, type CurlRequest } from './curl.js';
export { TokenCache, type IssuedToken } from './token-cache.js';
