// Guests and the staff pages in standalone mode: POST /api/guest makes an anonymous guest with its own chat
// session (CSRF-protected, limited per address); /helper and /monitor send strangers and anonymous guests to
// /login with a same-site next, and give a 403 page to the signed-in without the role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isGuest } from '../../src/identity/identity.js';
import { guestDisplayName } from '../../src/identity/guests.js';
import { ChatClient } from '../support/client.js';
import { startTestServer } from '../support/server.js';

test('an anonymous guest: a user of source guest with its own signed, HttpOnly, SameSite=Lax session', async () => {
  const server = await startTestServer();
  try {
    const visitor = new ChatClient(server.url);
    await visitor.refreshCsrf();
    assert.equal((await visitor.raw('POST', '/api/guest', { displayName: 'Curious' }, { 'x-csrf-token': 'forged' })).status, 403);
    assert.equal(visitor.cookies.has('parakeet_session'), false);

    const res = await fetch(`${server.url}/api/guest`, {
      method: 'POST',
      headers: { cookie: visitor.cookieHeader(), 'x-csrf-token': visitor.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: '  Curious\u202e  George\u0000 ' }),
    });
    assert.equal(res.status, 200);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('parakeet_session='))!;
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    const body = (await res.json()) as { user: Record<string, unknown> };
    assert.deepEqual({ ...body.user, id: undefined, name: undefined }, { id: undefined, name: undefined, displayName: 'Curious George', roles: ['guest'], source: 'guest' });
    assert.match(String(body.user.name), /^guest-/);

    visitor.cookies.set('parakeet_session', setCookie.slice('parakeet_session='.length).split(';')[0]);
    const me = await visitor.refreshCsrf();
    assert.equal(me.user.id, body.user.id);
    assert.equal(me.loginUrl, '/login');
    // Asking again while signed in keeps the same guest.
    assert.equal((await visitor.call('guest', { displayName: 'Another' })).user.id, body.user.id);
    // A guest can open a stream like anyone signed in.
    await (await visitor.listen('websocket')).close();
    // Not found by the user search (guests are never listed).
    const helper = await ChatClient.dev(server.url, 'hal');
    assert.deepEqual((await helper.get('users', { q: 'Curious' })).users, []);
  } finally {
    await server.close();
  }
});

test('guest creation is limited per address', async () => {
  const server = await startTestServer();
  try {
    const visitor = new ChatClient(server.url);
    await visitor.refreshCsrf();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      visitor.cookies.delete('parakeet_session');
      statuses.push((await visitor.raw('POST', '/api/guest', {})).status);
    }
    assert.deepEqual(statuses, [...Array(20).fill(200), 429]);
  } finally {
    await server.close();
  }
});

test('guest names are one printable line of at most 64 characters; who counts as a guest', () => {
  assert.equal(guestDisplayName(undefined), 'Guest');
  assert.equal(guestDisplayName(' \u0000\u200b\n '), 'Guest');
  assert.equal(guestDisplayName('Ann\nBoleyn\u2028x\u202e!'), 'Ann Boleyn x!');
  assert.equal([...guestDisplayName('é'.repeat(100))].length, 64);
  assert.equal(isGuest({ roles: ['guest'] }), true);
  assert.equal(isGuest({ roles: [] }), true);
  for (const role of ['helper', 'trainee', 'monitor', 'admin'] as const) assert.equal(isGuest({ roles: [role] }), false, role);
});

test('standalone staff pages: sign in first (next is the page), the right role, or a 403 page', async () => {
  const server = await startTestServer();
  try {
    const page = (c: ChatClient | null, path: string) =>
      fetch(server.url + path, { redirect: 'manual', headers: { accept: 'text/html', ...(c ? { cookie: c.cookieHeader() } : {}) } });
    const stranger = await page(null, '/helper/chats?id=7');
    assert.equal(stranger.status, 302);
    assert.equal(stranger.headers.get('location'), `/login?next=${encodeURIComponent('/helper/chats?id=7')}`);
    assert.equal((await page(null, '/monitor/')).headers.get('location'), `/login?next=${encodeURIComponent('/monitor/')}`);

    const guest = new ChatClient(server.url);
    await guest.refreshCsrf();
    await guest.call('guest', {});
    assert.equal((await page(guest, '/helper')).status, 302, 'an anonymous guest is sent to sign in too');

    const helper = await ChatClient.dev(server.url, 'hal'); // dev users are helpers
    assert.ok(![302, 403].includes((await page(helper, '/helper')).status));
    const forbidden = await page(helper, '/monitor');
    assert.equal(forbidden.status, 403);
    assert.match(await forbidden.text(), /<h1>Not for you, sorry<\/h1>[\s\S]*signed in as hal[\s\S]*for monitors only/);
    // A request that does not ask for HTML is not a page load.
    assert.notEqual((await fetch(`${server.url}/helper`, { redirect: 'manual', headers: { accept: 'application/json' } })).status, 302);
  } finally {
    await server.close();
  }
});
