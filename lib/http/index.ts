export { createClient, resolveUrl, transportCode, TokenError, TransportError, type ClientOptions, type HttpClient } from './client.js';
export { Redactor } from './redact.js';
export { toCurl, type CurlRequest } from './curl.js';
export { TokenCache, type IssuedToken } from './token-cache.js';
