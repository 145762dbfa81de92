// Who is calling: the chat session cookie resolved to a user, once per request, before any route runs
// (WebSocket upgrades included). With a Django site, a visitor without a chat session but with a Django login
// is signed in here, so the very first call already runs as that user. CSRF and Origin checks live here too,
// so no route can forget them.
import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChatSession, UserRef } from '../domain/types.js';
import type { Identity } from '../identity/identity.js';
import type { SignedIn } from '../identity/sessions.js';
import { AppError } from '../services/errors.js';

export const SESSION_COOKIE = 'parakeet_session';

export interface Auth extends SignedIn {
  ref: UserRef;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
  }
  interface FastifyInstance {
    cookiePolicy: CookiePolicy;
  }
}

export const toAuth = (signedIn: SignedIn): Auth => ({ ...signedIn, ref: { id: signedIn.user.id, name: signedIn.user.displayName } });

export function registerAuth(app: FastifyInstance, identity: Identity): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    const raw = request.cookies[SESSION_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    const sessionId = unsigned?.valid && unsigned.value ? unsigned.value : undefined;
    const { signedIn, created } = await identity.authenticate(sessionId, request.headers.cookie);
    if (!signedIn) return;
    request.auth = toAuth(signedIn);
    if (created) setSessionCookie(request, reply, signedIn.session);
  });
}

/** The signed-in caller, or 401. */
export function requireAuth(request: FastifyRequest): Auth {
  if (!request.auth) throw new AppError('unauthenticated');
  return request.auth;
}

export interface CookiePolicy {
  httpOnly: true;
  path: '/';
  sameSite: 'lax' | 'none';
  secure: true | 'auto';
}

/**
 * One policy for both our cookies. Lax by default; `none` lets the guest widget's iframe keep its session on
 * another site, and browsers accept that only with Secure. Otherwise Secure whenever the browser reached us over
 * TLS (directly, or through a trusted proxy).
 */
export function cookiePolicy(sameSite: 'lax' | 'none'): CookiePolicy {
  return { httpOnly: true, path: '/', sameSite, secure: sameSite === 'none' ? true : 'auto' };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: ChatSession): void {
  reply.setCookie(SESSION_COOKIE, session.id, { ...request.server.cookiePolicy, signed: true, expires: new Date(session.expiresAt) });
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
