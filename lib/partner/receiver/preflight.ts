// Before any delivery: can a connection to the receiver be opened at all? A refused connection or
// a name that does not resolve is bad configuration (exit 2, one sentence, within seconds); a
// receiver that accepts the connection and then does not answer is judged by the checks.
import { createConnection } from 'node:net';
import { describeTransportError } from '../../http/transport-error.js';
import { ConfigError } from '../../targets/types.js';

export async function reachReceiver(raw: string, timeoutMs = 5_000): Promise<void> {
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  await new Promise<void>((resolve, reject) => {
    const socket = createConnection({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ConfigError(`Cannot reach receiver ${raw}: no connection within ${timeoutMs} ms.`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new ConfigError(`Cannot reach receiver ${raw}: ${describeTransportError(e, timeoutMs)}.`));
    });
  });
}
