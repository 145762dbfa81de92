// Sign-in and identity: who am I, log in, continue as a guest, log out. The CSRF token handed out here must
// accompany every POST.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import '@fastify/csrf-protection';
import type { User } from '../../domain/types.js';
import type { Services } from '../../server.js';
import { SESSION_COOKIE, setSessionCookie } from '../auth.js';

function describe(user: User | null) {
  return user && { id: user.id, name: user.name, displayName: user.displayName, roles: user.roles, source: user.source };
}

/** Guests made per client address: enough for a shared office or library, not for filling the database. */
export const GUEST_RATE_LIMIT = { max: 20, timeWindow: '10 minutes' };
export const LOGIN_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };

export function registerSessionRoutes(app: FastifyInstance, services: Services): void {
  const { accounts, sessions, identity, config } = services;
  const signIn = async (user: User, request: FastifyRequest, reply: FastifyReply) => {
    const session = await sessions.create(user);
    setSessionCookie(request, reply, session);
    return { user: describe(user), csrfToken: reply.generateCsrf() };
  };

  app.get('/api/me', { schema: { summary: 'Who you are, your roles, the CSRF token and where to sign in' } }, async (request, reply) => ({
    user: describe(request.auth?.user ?? null),
    csrfToken: reply.generateCsrf(),
    loginUrl: identity.loginUrl,
  }));

  app.post(
    '/api/login',
    {
      onRequest: app.csrfProtection,
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        summary: 'Sign in with a local account',
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }),
      },
    },
    async (request, reply) => {
      const { username, password } = request.body as { username: string; password: string };
      const user = await accounts.signIn(username, password);
      request.log.info({ user: user.id }, 'signed in');
      return signIn(user, request, reply);
    },
  );

  app.post(
    '/api/guest',
    {
      onRequest: app.csrfProtection,
      config: { rateLimit: GUEST_RATE_LIMIT },
      schema: {
        summary: 'Continue as an anonymous guest (someone already signed in stays who they are)',
        body: Type.Optional(Type.Object({ displayName: Type.Optional(Type.String({ maxLength: 200 })) })),
      },
    },
    async (request, reply) => {
      if (request.auth) return { user: describe(request.auth.user), csrfToken: reply.generateCsrf() };
      const guest = await identity.guests.create((request.body as { displayName?: string } | undefined)?.displayName);
      return signIn(guest, request, reply);
    },
  );

  app.post('/api/logout', { onRequest: app.csrfProtection, schema: { summary: 'Sign out' } }, async (request, reply) => {
    if (request.auth) await identity.signOut(request.auth.session.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  if (config.devLogin) {
    app.post(
      '/api/dev/login',
      {
        onRequest: app.csrfProtection,
        schema: { summary: 'Password-less sign-in (PARAKEET_DEV_LOGIN only)', body: Type.Object({ name: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }) }) },
      },
      async (request, reply) => signIn(await accounts.devUser((request.body as { name: string }).name), request, reply),
    );
  }
}
