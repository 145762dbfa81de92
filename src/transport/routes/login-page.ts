// The standalone sign-in page: GET /login shows a plain HTML form, POST /login checks it and goes to `next`.
// A form post needs no script; its CSRF token travels in a hidden field. The same per-address rate limit and
// per-account lockout as POST /api/login apply.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import '@fastify/csrf-protection';
import { escapeHtml } from '../../domain/markup/escape.js';
import type { Services } from '../../server.js';
import { setSessionCookie } from '../auth.js';
import { errorBody } from '../errors.js';
import { htmlPage, safeNext } from '../pages.js';
import { LOGIN_RATE_LIMIT } from './session.js';

interface Form {
  next: string;
  username?: string;
  error?: string;
}

function form(reply: FastifyReply, { next, username = '', error }: Form): string {
  const alert = error ? `<p role="alert" id="login-error">${escapeHtml(error)}</p>\n` : '';
  const described = error ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  return htmlPage(
    'Sign in',
    `<h1>Sign in to Parakeet</h1>
${alert}<form method="post" action="/login">
<input type="hidden" name="_csrf" value="${escapeHtml(reply.generateCsrf())}">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label for="username">User name</label>
<input id="username" name="username" autocomplete="username" required maxlength="64" value="${escapeHtml(username)}"${described}${username ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"${described}${username ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>`,
  );
}

const html = (reply: FastifyReply, status: number, page: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);

export async function registerLoginPage(app: FastifyInstance, services: Services): Promise<void> {
  const { accounts, sessions } = services;

  app.get('/login', { schema: { summary: 'The sign-in form (standalone accounts)', querystring: Type.Object({ next: Type.Optional(Type.String()) }) } }, async (request, reply) =>
    html(reply, 200, form(reply, { next: safeNext((request.query as { next?: string }).next) })),
  );

  // Its own scope: the form body parser and the HTML error page apply to this route only.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8192 }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.setErrorHandler((error, request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const { status, error: e } = errorBody(error);
      if (status >= 500) request.log.error({ err: error }, 'sign-in failed');
      const message = e.code === 'bad_request' ? 'Enter your user name and password.' : e.code === 'csrf' ? 'The form expired; please try again.' : e.message;
      const username = typeof body.username === 'string' ? body.username.slice(0, 64) : '';
      return html(reply, status, form(reply, { next: safeNext(body.next), username, error: message }));
    });
    scope.post(
      '/login',
      {
        preValidation: scope.csrfProtection,
        config: { rateLimit: LOGIN_RATE_LIMIT },
        schema: {
          summary: 'Sign in from the form; answers 303 to `next`',
          body: Type.Object({
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
            next: Type.Optional(Type.String()),
          }),
        },
      },
      async (request, reply) => {
        const { username, password, next } = request.body as { username: string; password: string; next?: string };
        const user = await accounts.signIn(username, password);
        request.log.info({ user: user.id }, 'signed in');
        setSessionCookie(request, reply, await sessions.create(user));
        return reply.redirect(safeNext(next), 303);
      },
    );
  });
}
