// The staff pages of the web UIs (/helper, /monitor) need a signed-in user with the right role. A browser asking
// for such a page (GET, Accept: text/html) without one is sent to sign in, and comes back through `next`;
// someone signed in without the role gets a 403 page. Runs after registerAuth, so a Django login already counts.
// The pages' assets and the API are not gated here: the API checks every call itself.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { escapeHtml } from '../domain/markup/escape.js';
import type { GlobalRole } from '../domain/types.js';
import type { Services } from '../server.js';
import { htmlPage } from './pages.js';

const PAGES: Array<{ prefix: string; roles: readonly GlobalRole[]; what: string }> = [
  { prefix: '/helper', roles: ['helper', 'trainee', 'monitor', 'admin'], what: 'helpers' },
  { prefix: '/monitor', roles: ['monitor', 'admin'], what: 'monitors' },
];

/** The path as the router will match it: percent-decoded, so /%68elper is /helper. */
function pathOf(url: string): string {
  const path = url.split('?')[0];
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function registerPageAuth(app: FastifyInstance, services: Services): void {
  const { identity, config } = services;

  const loginLocation = (request: FastifyRequest): string => {
    if (!identity.django) return `/login?next=${encodeURIComponent(request.url)}`;
    // Django's login view wants an absolute URL to come back to another host; it checks it against its own hosts.
    const origin = config.publicOrigin || `${request.protocol}://${request.host}`;
    const separator = identity.loginUrl.includes('?') ? '&' : '?';
    return `${identity.loginUrl}${separator}next=${encodeURIComponent(origin + request.url)}`;
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !(request.headers.accept ?? '').includes('text/html')) return;
    const path = pathOf(request.url);
    const page = PAGES.find((p) => path === p.prefix || path.startsWith(`${p.prefix}/`));
    if (!page) return;
    const user = request.auth?.user;
    // An anonymous guest has no login to show; they are sent to sign in like a stranger.
    if (!user || user.source === 'guest') return reply.redirect(loginLocation(request), 302);
    if (user.roles.some((r) => page.roles.includes(r))) return;
    const body = `<h1>Not for you, sorry</h1>
<p>You are signed in as ${escapeHtml(user.displayName)}, but this page is for ${page.what} only.</p>
<p><a href="/">Back to the start page</a></p>`;
    return reply.code(403).type('text/html; charset=utf-8').send(htmlPage('Not allowed', body));
  });
}
