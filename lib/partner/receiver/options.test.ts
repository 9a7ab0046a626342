import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../cli/options.js';

const parse = (args: string[], env: Record<string, string> = {}) => parseOptions(args, env);
const URL_ = 'http://127.0.0.1:4020/webhooks/dinie';
const HOOK = 'http://127.0.0.1:4020/webhooks/dinie/processed?webhook_id={webhook_id}';

describe('--receiver options', () => {
  it('reads --receiver and --receiver-processed-url, or their variables (the flag wins)', () => {
    expect(parse(['conformance', `--receiver=${URL_}`, '--receiver-processed-url', HOOK])).toMatchObject({ receiver: URL_, receiverProcessedUrl: HOOK });
    expect(parse(['certify'], { DINIE_RECEIVER: URL_, DINIE_RECEIVER_PROCESSED_URL: HOOK })).toMatchObject({ receiver: URL_, receiverProcessedUrl: HOOK });
    expect(parse(['conformance', '--receiver=http://127.0.0.1:9/x'], { DINIE_RECEIVER: URL_ }).receiver).toBe('http://127.0.0.1:9/x');
    expect(parse(['conformance', `--receiver=${URL_}`, '--only', 'RECV-EVENTS-ACKNOWLEDGED,RECV-REFUSES-*']).onlyIds).toHaveLength(2);
    expect(parse(['conformance'])).not.toHaveProperty('receiver');
  });

  it('refuses what cannot work, in one sentence, never echoing a password', () => {
    const cases: [string[], RegExp][] = [
      [['conformance', '--receiver=not a url'], /--receiver "not a url" is not a valid URL/],
      [['conformance', '--receiver=ftp://h/x'], /must be an http or https URL/],
      [['test', `--receiver=${URL_}`], /--receiver runs with conformance or certify/],
      [['conformance', `--receiver=${URL_}`, '--target=local'], /drop --target/],
      [['conformance', `--receiver=${URL_}`, '--fault=location-missing'], /drop --fault/],
      [['conformance', `--receiver=${URL_}`, '--auto'], /drop --auto/],
      [['conformance', `--receiver=${URL_}`, '--only=webhooks'], /--only takes their ids \(RECV-…\), not areas/],
      [['conformance', `--receiver=${URL_}`, '--only=HOOK-SIGNATURE-VALID'], /names none of them/],
      [['conformance', '--receiver-processed-url', HOOK], /give --receiver=URL too/],
      [['conformance', `--receiver=${URL_}`, '--receiver-processed-url', 'http://127.0.0.1:4020/processed'], /must contain \{webhook_id\}/],
    ];
    for (const [args, re] of cases) expect(() => parse(args), args.join(' ')).toThrow(re);
    let message = '';
    try {
      parse(['conformance', '--receiver=http://partner:hunter2secret@127.0.0.1:4020/webhooks/dinie']);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/must not carry credentials/);
    expect(message).not.toContain('hunter2secret');
  });
});
