// For the client certification's tests: a short session recorded in-process by the observing
// server, no disturbance scheduled. The application's traffic is the caller's, given a token.
import { request } from 'undici';
import { startReferenceServer } from '../../reference/index.js';
import { type ObservedSession, QUIET_SCHEDULE } from '../../reference/observe/types.js';

export interface Recorded {
  session: ObservedSession;
  /** Every secret the session saw (what finishClientCertification is given to scrub). */
  secrets: string[];
  partners: { clientId: string; clientSecret: string }[];
  /** The partner's client secret and the token it was issued, for the caller to plant. */
  clientSecret: string;
  token: string;
}

/** Starts the observing server, takes a token for the first demo partner, runs `app`, finishes the session. */
export async function recordSession(app: (baseUrl: string, token: string, clientSecret: string) => Promise<void>): Promise<Recorded> {
  const server = await startReferenceServer({ port: 0, observe: QUIET_SCHEDULE });
  try {
    const partner = server.partners[0]!;
    const basic = Buffer.from(`${partner.clientId}:${partner.clientSecret}`).toString('base64');
    const res = await request(`${server.baseUrl}/auth/token`, {
      method: 'POST',
      body: 'grant_type=client_credentials',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    const token = ((await res.body.json()) as { access_token: string }).access_token;
    await app(server.baseUrl, token, partner.clientSecret);
    await server.observer!.finish('finish request');
    return { session: server.observer!.session(), secrets: server.observer!.secrets(), partners: server.partners, clientSecret: partner.clientSecret, token };
  } finally {
    await server.close();
  }
}
