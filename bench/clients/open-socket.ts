// The WebSocket handshake both bench clients share: signed-in cookie, no compression, and ready once the server's
// first frame (`ready`) arrived, or an error naming the user after a timeout.
import WebSocket from 'ws';
import type { Target } from '../http.js';
import type { Session } from '../session.js';

const CONNECT_TIMEOUT_MS = 15_000;

export function openSocket(target: Target, session: Session): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${target.host}:${target.port}/api/ws`, { headers: { cookie: session.cookieHeader }, perMessageDeflate: false });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`ws connect ${session.name}: no ready frame in ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(new Error(`ws connect ${session.name}: ${error.message}`));
    };
    socket.once('error', fail);
    socket.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
    socket.once('message', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      socket.on('error', () => {}); // a reset after open shows up as 'close', counted by the client
      resolve(socket);
    });
  });
}
