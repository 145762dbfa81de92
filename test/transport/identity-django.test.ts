// Signing in with a Django session through the real server: real sessions made by Django (SQLite site),
// the first call or stream already runs as that user, roles follow Django, and the staff pages send strangers
// to Django's login page with a `next` that brings them back.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { type DjangoSite, djangoUnavailable, generatedSite } from '../identity/django-site.js';
import type { DjangoConfig } from '../../src/identity/django/config.js';

const unavailable = djangoUnavailable();

describe('Django sign-in', { skip: unavailable ?? false }, () => {
  let generated: ReturnType<typeof generatedSite>;
  before(() => (generated = generatedSite()));
  after(() => generated?.close());

  async function withSite(run: (server: TestServer, site: DjangoSite) => Promise<void>, config: Partial<DjangoConfig> = {}) {
    const site = generated.copy();
    const server = await startTestServer({}, { providers: { django: { ...site.config, ...config } } });
    try {
      await run(server, site);
    } finally {
      await server.close();
      site.close();
    }
  }

  /** A browser that carries only the Django cookie of a generated case. */
  function browser(server: TestServer, site: DjangoSite, caseName: string): ChatClient {
    const c = new ChatClient(server.url);
    c.cookies.set('sessionid', site.key(caseName));
    return c;
  }

  test('a Django login is a chat session on the first call, remembering the Django session', async () => {
    await withSite(async (server, site) => {
      const helper = browser(server, site, 'helper_by_group');
      const me = await helper.refreshCsrf();
      assert.deepEqual({ ...me.user, id: undefined }, { id: undefined, name: 'helper', displayName: 'Hel Per', roles: ['helper'], source: 'django' });
      assert.equal(me.loginUrl, '/accounts/login/');
      assert.ok(helper.cookies.has('parakeet_session'), 'the chat session cookie is set');
      const sessionId = server.app.unsignCookie(decodeURIComponent(helper.cookies.get('parakeet_session')!)).value!;
      assert.equal((await server.services.store.getSession(sessionId))?.djangoKey, site.key('helper_by_group'));

      // The next call uses that chat session: no second session, the same user.
      const cookie = helper.cookies.get('parakeet_session');
      const again = await helper.raw('GET', '/api/me');
      assert.equal(again.body.user.id, me.user.id);
      assert.equal(helper.cookies.get('parakeet_session'), cookie);

      const user = await server.services.store.getUserByExternalId('django', '2');
      assert.equal(user?.id, me.user.id);
    });
  });

  test('roles come from Django groups and permissions; a plain user is an authenticated guest', async () => {
    await withSite(async (server, site) => {
      const roles = async (caseName: string) => (await browser(server, site, caseName).refreshCsrf()).user?.roles;
      assert.deepEqual(await roles('superuser'), ['admin', 'monitor', 'helper']);
      assert.deepEqual(await roles('monitor_by_permission'), ['monitor']);
      assert.deepEqual(await roles('trainee'), ['trainee']);
      assert.deepEqual(await roles('plain_user'), ['guest']);
      for (const anonymous of ['anonymous_session', 'password_changed_stale', 'expired', 'garbage_value', 'deleted_user']) {
        const c = new ChatClient(server.url);
        const header = site.cookie(anonymous);
        c.cookies.set('sessionid', header.slice(header.indexOf('=') + 1));
        const me = await c.refreshCsrf();
        assert.equal(me.user, null, anonymous);
        assert.equal(c.cookies.has('parakeet_session'), false, `${anonymous}: no chat session`);
      }
    });
  });

  test('the very first request can be a stream: WebSocket, long-poll and SSE with only the Django cookie', async () => {
    await withSite(async (server, site) => {
      for (const transport of ['websocket', 'longpoll', 'sse'] as const) {
        const listener = await browser(server, site, 'helper_by_group').listen(transport);
        await listener.close();
      }
      const stranger = new ChatClient(server.url);
      stranger.cookies.set('sessionid', 'nosuchsessionkeynosuchsessionkey');
      assert.equal((await stranger.raw('GET', '/api/listen')).status, 401);
      // One Parakeet user however many chat sessions the Django user has.
      const users = (await server.services.store.listUsers()).filter((u) => u.source === 'django');
      assert.deepEqual(users.map((u) => u.name), ['helper']);
    });
  });

  test('an anonymous guest who logs in to the site becomes the Django user', async () => {
    await withSite(async (server, site) => {
      const visitor = new ChatClient(server.url);
      await visitor.refreshCsrf();
      const guest = (await visitor.call('guest', { displayName: 'Curious' })).user;
      assert.equal(guest.source, 'guest');
      visitor.cookies.set('sessionid', site.key('trainee'));
      const me = await visitor.refreshCsrf();
      assert.equal(me.user.name, 'trainee');
      assert.deepEqual(me.user.roles, ['trainee']);
    });
  });

  test('staff pages: strangers go to the Django login with an absolute next; the wrong role gets 403', async () => {
    await withSite(async (server, site) => {
      const page = (c: ChatClient | null, path: string, accept = 'text/html,application/xhtml+xml') =>
        fetch(server.url + path, { redirect: 'manual', headers: { accept, ...(c ? { cookie: c.cookieHeader() } : {}) } });

      const stranger = await page(null, '/helper/queue?tab=mine');
      assert.equal(stranger.status, 302);
      assert.equal(stranger.headers.get('location'), `/accounts/login/?next=${encodeURIComponent(`${server.url}/helper/queue?tab=mine`)}`);
      assert.equal((await page(null, '/monitor')).headers.get('location'), `/accounts/login/?next=${encodeURIComponent(`${server.url}/monitor`)}`);
      // Not a page request: left to the routes (and the API checks every call itself).
      assert.notEqual((await page(null, '/helper', 'application/json')).status, 302);
      assert.notEqual((await page(null, '/helpers', 'text/html')).status, 302);

      const helper = await page(browser(server, site, 'helper_by_group'), '/helper');
      assert.ok(![302, 403].includes(helper.status), `a helper passes (got ${helper.status})`);
      assert.match(helper.headers.get('set-cookie') ?? '', /parakeet_session=.*HttpOnly/i, 'signed in on the page request itself');
      assert.equal((await page(browser(server, site, 'helper_by_group'), '/monitor')).status, 403);
      assert.notEqual((await page(browser(server, site, 'monitor_by_permission'), '/monitor')).status, 403);
      assert.notEqual((await page(browser(server, site, 'trainee'), '/helper/')).status, 403);

      const plain = await page(browser(server, site, 'plain_user'), '/%68elper');
      assert.equal(plain.status, 403);
      assert.match(plain.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await plain.text(), /this page is for helpers only/);
    });
  });

  test('a login URL with a query string gets next appended with &', async () => {
    await withSite(
      async (server) => {
        const res = await fetch(`${server.url}/monitor`, { redirect: 'manual', headers: { accept: 'text/html' } });
        assert.equal(res.headers.get('location'), `https://www.example.org/login/?site=chat&next=${encodeURIComponent(`${server.url}/monitor`)}`);
        assert.equal((await (await fetch(`${server.url}/api/me`)).json()).loginUrl, 'https://www.example.org/login/?site=chat');
      },
      { loginUrl: 'https://www.example.org/login/?site=chat' },
    );
  });
});
