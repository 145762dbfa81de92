// The standalone sign-in: the /login form (escaped, CSRF in a hidden field, a safe next), the per-account
// lockout with the server's clock injected, and the per-address rate limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeNext } from '../../src/transport/pages.js';
import { ChatClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** A browser for HTML pages: keeps cookies, never follows redirects. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async fetch(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; location: string | null; html: string }> {
    const res = await fetch(this.base + path, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  }

  /** Loads the form and posts it back filled in, as a person would. */
  async signIn(username: string, password: string, next = '/'): Promise<{ status: number; location: string | null; html: string }> {
    const form = await this.fetch(`/login?next=${encodeURIComponent(next)}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.html)![1];
    const nextField = /name="next" value="([^"]*)"/.exec(form.html)![1];
    return this.fetch('/login', { method: 'POST', form: { _csrf: csrf, next: nextField.replace(/&amp;/g, '&'), username, password } });
  }
}

async function withServer(run: (server: TestServer, advance: (ms: number) => void) => Promise<void>) {
  let clock = Date.now();
  const server = await startTestServer({}, { now: () => clock });
  try {
    await server.services.accounts.create({ name: 'hal', displayName: 'Hal Helper', password: 'right password', roles: ['helper'] });
    await run(server, (ms) => (clock += ms));
  } finally {
    await server.close();
  }
}

test('the form signs in and goes back to next; a wrong password shows the form again, escaped', async () => {
  await withServer(async (server) => {
    const browser = new Browser(server.url);
    const page = await browser.fetch('/login?next=%2Fhelper%2Fchats%3Fa%3D1%26b%3D%22%3E%3Cscript%3E');
    assert.equal(page.status, 200);
    assert.match(page.html, /<label for="username">User name<\/label>/);
    assert.match(page.html, /<input id="password" name="password" type="password" autocomplete="current-password"/);
    assert.doesNotMatch(page.html, /<script/i, 'no script, and next is escaped');

    const wrong = await browser.signIn('hal', 'wrong password', '/helper');
    assert.equal(wrong.status, 401);
    assert.match(wrong.html, /<p role="alert" id="login-error">Unknown user name or wrong password.<\/p>/);
    assert.match(wrong.html, /name="username"[^>]*value="hal"/);
    assert.match(wrong.html, /name="next" value="\/helper"/);

    const right = await browser.signIn('hal', 'right password', '/helper/chats?a=1');
    assert.equal(right.status, 303);
    assert.equal(right.location, '/helper/chats?a=1');
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    assert.equal(((await me.json()) as { user: { name: string } }).user.name, 'hal');
    // Signed in as a helper, the helper page now lets them through.
    assert.ok(![302, 403].includes((await browser.fetch('/helper')).status));
  });
});

test('the form refuses a forged CSRF token', async () => {
  await withServer(async (server) => {
    const browser = new Browser(server.url);
    await browser.fetch('/login');
    const forged = await browser.fetch('/login', { method: 'POST', form: { _csrf: 'forged', username: 'hal', password: 'right password' } });
    assert.equal(forged.status, 403);
    assert.match(forged.html, /The form expired; please try again./);
    assert.equal(browser.cookies.has('parakeet_session'), false);
  });
});

test('next never leaves the site', async () => {
  await withServer(async (server) => {
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', '/\tevil', ' /helper']) {
      const res = await new Browser(server.url).signIn('hal', 'right password', next);
      assert.equal(res.location, '/', JSON.stringify(next));
    }
  });
  assert.equal(safeNext('/monitor/?x=1#top'), '/monitor/?x=1#top');
  assert.equal(safeNext('/a/../b'), '/b');
  assert.equal(safeNext(undefined), '/');
  assert.equal(safeNext(['/helper']), '/');
});

test('five failures lock the account: then even the right password is refused until the window passes', async () => {
  await withServer(async (server, advance) => {
    const client = new ChatClient(server.url);
    await client.refreshCsrf();
    const login = (password: string) => client.raw('POST', '/api/login', { username: 'hal', password });
    for (let i = 0; i < 5; i++) assert.equal((await login('wrong password')).status, 401);
    const locked = await login('right password');
    assert.equal(locked.status, 429);
    assert.match(locked.body.error.message, /Too many failed sign-ins for this account/);
    // The form says the same.
    const form = await new Browser(server.url).signIn('hal', 'right password');
    assert.equal(form.status, 429);
    assert.match(form.html, /Too many failed sign-ins for this account/);

    advance(14 * 60_000);
    assert.equal((await login('right password')).status, 429, 'still locked within 15 minutes');
    advance(60_000);
    assert.equal((await login('right password')).status, 200, 'the window has passed');
    // A success clears the count: one more failure does not lock again.
    assert.equal((await login('wrong password')).status, 401);
    assert.equal((await login('right password')).status, 200);
  });
});

test('one address gets 20 login attempts a minute, whatever the account', async () => {
  await withServer(async (server) => {
    const client = new ChatClient(server.url);
    await client.refreshCsrf();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await client.raw('POST', '/api/login', { username: `nobody${i}`, password: 'x' })).status);
    assert.deepEqual(statuses, [...Array(20).fill(401), 429]);
  });
});
