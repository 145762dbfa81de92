// Rights follow Django: a logout, a password change or a deactivation ends the chat session and its open
// streams hear `signed_out` then close; leaving the helpers group updates the roles and every stream hears
// `roles_changed`. The Django database is changed directly, as Django itself would have; the server's clock is
// injected, and the timer's round (tick) is run by hand, except in the one test that checks the timer itself.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient, type Listener } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { type DjangoSite, djangoUnavailable, generatedSite } from '../identity/django-site.js';

const unavailable = djangoUnavailable();
const MINUTE = 60_000;

describe('Django re-check', { skip: unavailable ?? false }, () => {
  let generated: ReturnType<typeof generatedSite>;
  before(() => (generated = generatedSite()));
  after(() => generated?.close());

  interface World {
    server: TestServer;
    site: DjangoSite;
    /** Moves the server's clock. */
    advance(ms: number): void;
    /** A browser signed in with the Django session of a generated case. */
    browser(caseName: string): Promise<ChatClient>;
    /** One round of the periodic re-check. */
    tick(): Promise<void>;
  }

  async function world(run: (w: World) => Promise<void>, recheckMs = MINUTE, realClock = false) {
    const site = generated.copy();
    let clock = Date.now();
    const server = await startTestServer({ djangoRecheckMs: recheckMs }, { now: realClock ? undefined : () => clock, providers: { django: site.config } });
    try {
      await run({
        server,
        site,
        advance: (ms) => (clock += ms),
        browser: async (caseName) => {
          const c = new ChatClient(server.url);
          c.cookies.set('sessionid', site.key(caseName));
          c.user = (await c.refreshCsrf()).user;
          assert.ok(c.user, `${caseName} is signed in`);
          return c;
        },
        tick: () => server.services.identity.django!.tick(),
      });
    } finally {
      await server.close();
      site.close();
    }
  }

  const closeCode = (l: Listener) => new Promise<number>((resolve) => l.ws!.once('close', (code) => resolve(code)));
  const of = (l: Listener, type: string) => l.events.filter((e) => e.type === type);

  test('a password change signs the session out: WebSocket, long-poll and SSE hear signed_out and close', async () => {
    await world(async ({ server, site, advance, browser, tick }) => {
      const helper = await browser('helper_by_group');
      const ws = await helper.listen('websocket');
      const wsClosed = closeCode(ws);
      const poll = await helper.listen('longpoll');
      const sse = await helper.listen('sse');
      site.changePassword('helper');

      await tick();
      assert.equal(of(ws, 'signed_out').length, 0, 'not before the interval has passed');
      advance(MINUTE);
      await tick();
      for (const l of [ws, poll, sse]) await l.waitFor((events) => events.some((e) => e.type === 'signed_out'), 5000, 'signed_out');
      for (const l of [ws, poll, sse]) assert.deepEqual(of(l, 'signed_out')[0].payload, { reason: 'password_changed' }, l.transport);
      assert.equal(await wsClosed, 4401);
      await sse.waitFor(() => sse.closedByServer, 5000, 'the SSE stream to end');
      // The long-poll queue is gone and the session with it: the next poll is refused.
      assert.equal((await helper.raw('GET', '/api/listen?timeout=0')).status, 401);
      assert.equal((await helper.get('me')).user, null);
      for (const l of [ws, poll, sse]) await l.close();
    });
  });

  test('leaving the helpers group: roles_changed on every stream, and the new roles everywhere', async () => {
    await world(async ({ server, site, advance, browser, tick }) => {
      const helper = await browser('helper_by_group');
      const ws = await helper.listen('websocket');
      const poll = await helper.listen('longpoll');
      site.leaveGroup('helper', 'Live Chat helpers');
      advance(MINUTE);
      await tick();
      for (const l of [ws, poll]) {
        await l.waitFor((events) => events.some((e) => e.type === 'roles_changed'), 5000, 'roles_changed');
        assert.deepEqual(of(l, 'roles_changed')[0].payload, { roles: ['guest'] });
        assert.equal(of(l, 'signed_out').length, 0);
      }
      assert.deepEqual((await helper.get('me')).user.roles, ['guest']);
      assert.deepEqual((await server.services.store.getUser(helper.user.id))?.roles, ['guest']);
      // Once is enough: a further round with nothing new says nothing.
      advance(MINUTE);
      await tick();
      assert.equal(of(ws, 'roles_changed').length, 1);
      for (const l of [ws, poll]) await l.close();
    });
  });

  test('a Django logout ends that session only; the same user in another browser stays signed in', async () => {
    await world(async ({ site, advance, browser, tick }) => {
      const laptop = await browser('helper_by_group');
      const phone = await browser('expires_in_two_hours'); // the same Django user, another Django session
      assert.equal(phone.user.id, laptop.user.id);
      const laptopWs = await laptop.listen('websocket');
      const phoneWs = await phone.listen('websocket');
      site.logout('helper_by_group');

      // Within the interval the session is still trusted; a request after it asks Django again.
      assert.equal((await laptop.get('me')).user.name, 'helper');
      advance(MINUTE);
      assert.equal((await laptop.get('me')).user, null, 'signed out by the first request past the interval');
      await tick();
      await laptopWs.waitFor((events) => events.some((e) => e.type === 'signed_out'), 5000, 'signed_out');
      assert.deepEqual(of(laptopWs, 'signed_out')[0].payload, { reason: 'logged_out' });
      // Anything the phone's stream was sent before this join has arrived before it.
      const { room } = await phone.call('create_room', { kind: 'conference', name: 'After the logout' });
      await phoneWs.waitFor((events) => events.some((e) => e.type === 'join' && e.room === room.id), 5000, 'the join');
      assert.equal(of(phoneWs, 'signed_out').length, 0, "the phone's stream is another session");
      assert.equal((await phone.get('me')).user.name, 'helper');
      await laptopWs.close();
      await phoneWs.close();
    });
  });

  test('deactivation and deletion in Django end the session, with their reasons', async () => {
    await world(async ({ site, advance, browser, tick }) => {
      const plain = await browser('plain_user');
      const trainee = await browser('trainee');
      const plainWs = await plain.listen('websocket');
      const traineeWs = await trainee.listen('websocket');
      site.run("UPDATE auth_user SET is_active = 0 WHERE username = 'plain'");
      site.run("DELETE FROM auth_user_groups WHERE user_id = (SELECT id FROM auth_user WHERE username = 'trainee')");
      site.run("DELETE FROM auth_user WHERE username = 'trainee'");
      advance(MINUTE);
      await tick();
      await plainWs.waitFor((events) => events.some((e) => e.type === 'signed_out'), 5000, 'signed_out');
      await traineeWs.waitFor((events) => events.some((e) => e.type === 'signed_out'), 5000, 'signed_out');
      assert.deepEqual(of(plainWs, 'signed_out')[0].payload, { reason: 'deactivated' });
      assert.deepEqual(of(traineeWs, 'signed_out')[0].payload, { reason: 'deleted' });
      await plainWs.close();
      await traineeWs.close();
    });
  });

  test('recheck(auth) before a privileged action sees a change at once, without waiting for the interval', async () => {
    await world(async ({ server, site, browser }) => {
      const monitor = await browser('monitor_by_permission');
      const sessionId = server.app.unsignCookie(decodeURIComponent(monitor.cookies.get('parakeet_session')!)).value!;
      const auth = (await server.services.sessions.resolve(sessionId))!;
      assert.deepEqual((await server.services.identity.recheck(auth))?.roles, ['monitor']);
      site.run("DELETE FROM auth_user_user_permissions WHERE user_id = (SELECT id FROM auth_user WHERE username = 'monitor')");
      assert.deepEqual((await server.services.identity.recheck(auth))?.roles, ['guest']);
      site.changePassword('monitor');
      assert.equal(await server.services.identity.recheck(auth), null);
      assert.equal(await server.services.store.getSession(sessionId), undefined, 'the chat session is gone');
    });
  });

  test('the timer runs the re-check by itself', async () => {
    await world(
      async ({ site, browser }) => {
        const helper = await browser('helper_by_group');
        const ws = await helper.listen('websocket');
        site.leaveGroup('helper', 'Live Chat helpers');
        await ws.waitFor((events) => events.some((e) => e.type === 'roles_changed'), 5000, 'roles_changed from the timer');
        await ws.close();
      },
      100,
      true,
    );
  });
});
