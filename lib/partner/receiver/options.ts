// The CLI's receiver-certification options (--receiver=URL, --receiver-processed-url TEMPLATE),
// checked without touching the network. Kept apart from lib/cli/options.ts, which only calls
// checkReceiverOptions; nothing heavy is imported here (bad configuration answers within seconds).
import { ConfigError } from '../../targets/types.js';

/** What lib/cli/options.ts hands over (flags and environment already merged, flag first). */
export interface ReceiverOptionInput {
  command: string;
  receiver?: string;
  processedUrl?: string;
  /** --target given as a flag. */
  targetFlag: boolean;
  faults: readonly string[];
  auto: boolean;
  onlyAreas: readonly string[];
  onlyIds: readonly string[];
}

/** `user:password@` removed, also from text that is not a valid URL: a password never reaches a message. */
function shown(raw: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(raw)?.[0] ?? '';
  const rest = raw.slice(scheme.length);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  return at === -1 ? raw : scheme + rest.slice(at + 1);
}

function checkUrl(raw: string, what: string, example: string): URL {
  const safe = shown(raw);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${what} "${safe}" is not a valid URL (expected e.g. ${example}).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${what} "${safe}" must be an http or https URL.`);
  if (url.username || url.password || safe !== raw) throw new ConfigError(`${what} ${safe} must not carry credentials (user:password@).`);
  return url;
}

/** Throws a ConfigError for a receiver option that cannot work; returns the checked values. */
export function checkReceiverOptions(o: ReceiverOptionInput): { receiver?: string; receiverProcessedUrl?: string } {
  if (o.receiver === undefined) {
    if (o.processedUrl !== undefined) throw new ConfigError('--receiver-processed-url belongs to a receiver certification: give --receiver=URL too.');
    return {};
  }
  const url = checkUrl(o.receiver, '--receiver', 'http://127.0.0.1:4020/webhooks/dinie');
  if (o.command !== 'conformance' && o.command !== 'certify') {
    throw new ConfigError('--receiver runs with conformance or certify: npm run conformance -- --receiver=URL (or npm run certify -- --receiver=URL).');
  }
  if (o.targetFlag) throw new ConfigError("--receiver certifies a partner's webhook receiver, not a server: drop --target.");
  if (o.faults.length)
    throw new ConfigError('--fault switches on faults of the reference server, which a receiver certification does not start: drop --fault.');
  if (o.auto) throw new ConfigError('--auto applies to the reference server, which a receiver certification does not start: drop --auto.');
  if (o.onlyAreas.length) throw new ConfigError('--receiver checks the receiver requirements only: --only takes their ids (RECV-…), not areas.');
  const foreign = o.onlyIds.filter((id) => !/^RECV-/i.test(id));
  if (foreign.length)
    throw new ConfigError(`--receiver checks the receiver requirements only: --only ${foreign.join(', ')} names none of them (their ids start with RECV-).`);
  let processed: string | undefined;
  if (o.processedUrl !== undefined) {
    checkUrl(
      o.processedUrl.replaceAll('{webhook_id}', 'x'),
      '--receiver-processed-url',
      'http://127.0.0.1:4020/webhooks/dinie/processed?webhook_id={webhook_id}',
    );
    if (!o.processedUrl.includes('{webhook_id}')) {
      throw new ConfigError(
        `--receiver-processed-url ${shown(o.processedUrl)} must contain {webhook_id}, where the delivery's webhook-id goes (e.g. http://127.0.0.1:4020/webhooks/dinie/processed?webhook_id={webhook_id}).`,
      );
    }
    processed = o.processedUrl;
  }
  return { receiver: url.toString(), ...(processed !== undefined ? { receiverProcessedUrl: processed } : {}) };
}
