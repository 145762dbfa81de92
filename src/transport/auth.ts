// Who is calling: the chat session cookie resolved to a user, once per request, before any route runs
// (WebSocket upgrades included). CSRF and Origin checks live here too, so no route can forget them.
import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChatSession, User, UserRef } from '../domain/types.js';
import type { Sessions } from '../identity/sessions.js';
import { AppError } from '../services/errors.js';

export const SESSION_COOKIE = 'parakeet_session';

export interface Auth {
  user: User;
  session: ChatSession;
  ref: UserRef;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
  }
}

export function registerAuth(app: FastifyInstance, sessions: Sessions): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return;
    const found = await sessions.resolve(unsigned.value);
    if (found) request.auth = { ...found, ref: { id: found.user.id, name: found.user.displayName } };
  });
}

/** The signed-in caller, or 401. */
export function requireAuth(request: FastifyRequest): Auth {
  if (!request.auth) throw new AppError('unauthenticated');
  return request.auth;
}

/** Secure whenever the browser reached us over TLS (directly, or through a trusted proxy). */
export function setSessionCookie(_request: FastifyRequest, reply: FastifyReply, session: ChatSession): void {
  reply.setCookie(SESSION_COOKIE, session.id, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: 'auto',
    path: '/',
    expires: new Date(session.expiresAt),
  });
}

/**
 * Browsers always send Origin on a WebSocket handshake; a foreign one could ride the user's cookie, so it is
 * refused. Clients without Origin (not browsers) carry no ambient credentials of a victim and pass.
 */
export function checkOrigin(request: FastifyRequest, publicOrigin: string): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const allowed = publicOrigin || `${request.protocol}://${request.headers.host ?? ''}`;
  if (origin !== allowed) throw new AppError('bad_origin');
}
