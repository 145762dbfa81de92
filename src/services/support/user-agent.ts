// The User-Agent header of the request a caller signed in with (for WebSocket commands: the handshake's), so a
// guest's ask can record it without the client repeating it. Filled by a hook in src/server.ts.
import type { Auth } from '../../transport/auth.js';

const agents = new WeakMap<Auth, string>();

export function rememberUserAgent(auth: Auth, userAgent: string | undefined): void {
  if (userAgent) agents.set(auth, userAgent);
}

export function userAgentOf(auth: Auth): string | undefined {
  return agents.get(auth);
}
