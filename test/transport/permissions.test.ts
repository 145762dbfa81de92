// Roles enforced on the server, bans that survive rejoin, rooms others cannot see, CSRF, Origin and size limits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { ChatClient, type Item } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function roomWith(names: string[], via: 'http' | 'websocket' = 'http'): Promise<{ room: Item; users: ChatClient[] }> {
  const users = await Promise.all(names.map((n) => ChatClient.dev(server.url, n)));
  if (via === 'websocket') for (const u of users) await u.useWebSocket();
  const { room } = await users[0].call('create_room', { kind: 'conference', name: 'Roles' });
  for (const u of users.slice(1)) await u.call('join', { room: room.id });
  return { room, users };
}

const status = async (p: Promise<unknown>) => p.then(() => 200, (e: { status?: number; code?: string }) => `${e.status} ${e.code}`);

for (const via of ['http', 'websocket'] as const) {
test(`every role is enforced over ${via}: watcher, member, half-op, op, owner`, async () => {
  const { room, users } = await roomWith(['owner', 'op', 'halfop', 'member', 'watcher', 'other'].map((n) => `r-${n}-${via}`), via);
  const [owner, op, halfop, member, watcher, other] = users;
  const id = room.id;
  assert.equal(await status(member.call('role', { room: id, user: op.user.id, role: 'op' })), '403 forbidden');
  await owner.call('role', { room: id, user: op.user.id, role: 'op' });
  assert.equal(await status(op.call('role', { room: id, user: halfop.user.id, role: 'op' })), '403 forbidden', 'an op cannot make ops');
  await op.call('role', { room: id, user: halfop.user.id, role: 'halfop' });
  await op.call('role', { room: id, user: watcher.user.id, role: 'watcher' });

  // Speaking: a watcher cannot.
  assert.equal(await status(watcher.call('message', { room: id, body: 'hi' })), '403 forbidden');
  assert.equal(await status(member.call('message', { room: id, body: 'hi' })), 200);
  // Topic: half-op and above.
  assert.equal(await status(member.call('topic', { room: id, topic: 'x' })), '403 forbidden');
  assert.equal(await status(halfop.call('topic', { room: id, topic: 'Release day' })), 200);
  assert.equal((await owner.get('rooms')).rooms.find((r: Item) => r.id === id).topic, 'Release day');
  // Kick: a half-op kicks members but not ops; a member kicks nobody.
  assert.equal(await status(member.call('kick', { room: id, user: watcher.user.id })), '403 forbidden');
  assert.equal(await status(halfop.call('kick', { room: id, user: op.user.id })), '403 forbidden');
  assert.equal(await status(halfop.call('kick', { room: id, user: other.user.id, reason: 'spam' })), 200);
  assert.equal(await status(other.get('history', { room: id })), '404 not_found', 'a kicked user is out');
  assert.equal(await status(other.call('join', { room: id })), 200, 'a kick is not a ban');
  // Ban: ops and above, and it survives rejoin until lifted.
  assert.equal(await status(halfop.call('ban', { room: id, user: other.user.id })), '403 forbidden');
  assert.equal(await status(op.call('ban', { room: id, user: owner.user.id })), '403 forbidden');
  assert.equal(await status(op.call('ban', { room: id, user: other.user.id, reason: 'again' })), 200);
  assert.equal(await status(other.call('join', { room: id })), '403 banned');
  assert.equal(await status(other.call('join', { room: id })), '403 banned');
  await op.call('unban', { room: id, user: other.user.id });
  assert.equal(await status(other.call('join', { room: id })), 200);
  // Invite: half-op and above; an invite-only room is invisible to the uninvited.
  const { room: closed } = await owner.call('create_room', { kind: 'conference', name: 'Closed', inviteOnly: true });
  assert.equal(await status(member.call('join', { room: closed.id })), '404 not_found');
  await owner.call('invite', { room: closed.id, user: member.user.id });
  assert.equal(await status(member.call('join', { room: closed.id })), 200);
  assert.equal(await status(member.call('invite', { room: closed.id, user: other.user.id })), '403 forbidden');
  // An invitation is used up by its join: after leaving, a new one is needed.
  await member.call('part', { room: closed.id });
  assert.equal(await status(member.call('join', { room: closed.id })), '404 not_found');
  assert.equal(await status(op.call('unban', { room: id, user: member.user.id })), '409 not_banned');
});
}

test("another room's id answers 404, exactly like a missing one", async () => {
  const { room } = await roomWith(['x-owner']);
  const stranger = await ChatClient.dev(server.url, 'x-stranger');
  for (const [name, args] of [
    ['message', { room: room.id, body: 'hi' }],
    ['topic', { room: room.id, topic: 'x' }],
    ['part', { room: room.id }],
  ] as const) {
    assert.equal(await status(stranger.call(name, args)), '404 not_found');
    assert.equal(await status(stranger.call(name, { ...args, room: 'no-such-room' })), '404 not_found');
  }
  assert.equal(await status(stranger.get('history', { room: room.id })), '404 not_found');
  assert.equal(await status(stranger.get('members', { room: room.id })), '404 not_found');
});

test('a POST without a valid CSRF token is refused and changes nothing', async () => {
  const { room, users } = await roomWith(['csrf-a']);
  const [a] = users;
  for (const headers of [{ 'x-csrf-token': '' }, { 'x-csrf-token': 'forged' }]) {
    const r = await a.raw('POST', '/api/message', { room: room.id, body: 'forged' }, headers);
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'csrf');
  }
  const history = await a.get('history', { room: room.id });
  assert.ok(!history.events.some((e: Item) => e.type === 'message'));
});

test('a WebSocket handshake from a foreign Origin is refused; our own origin is accepted', async () => {
  const a = await ChatClient.dev(server.url, 'origin-a');
  const attempt = (origin: string) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws`, { headers: { cookie: a.cookieHeader(), origin } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
    });
  assert.equal(await attempt('https://evil.example'), 403);
  assert.equal(await attempt(server.url), 101);
});

test('unauthenticated callers get 401 on commands and streams', async () => {
  const anon = new ChatClient(server.url);
  await anon.refreshCsrf();
  assert.equal((await anon.raw('GET', '/api/rooms')).status, 401);
  assert.equal((await anon.raw('POST', '/api/message', { room: 'x', body: 'y' })).status, 401);
  assert.equal((await anon.raw('GET', '/api/listen')).status, 401);
  assert.equal((await anon.raw('GET', '/api/events')).status, 401);
});

test('bad input is a 4xx with a JSON error, never a 5xx', async () => {
  const { room, users } = await roomWith(['bad-a']);
  const [a] = users;
  const cases: Array<[string, string, unknown]> = [
    ['POST', '/api/message', { room: room.id }],
    ['POST', '/api/message', { room: '../etc', body: 'x' }],
    ['POST', '/api/role', { room: room.id, user: a.user.id, role: 'god' }],
    ['GET', '/api/listen?cursor=%%%', undefined],
    ['GET', '/api/listen?cursor=abc.room:notanumber', undefined],
    ['GET', '/api/history?room=x&limit=100000', undefined],
    ['POST', '/api/create_room', { kind: 'support', name: 'x' }],
  ];
  for (const [method, path, body] of cases) {
    const r = await a.raw(method, path, body);
    assert.ok(r.status >= 400 && r.status < 500, `${method} ${path} answered ${r.status}`);
    assert.equal(typeof r.body.error.code, 'string');
  }
  const broken = await fetch(`${server.url}/api/message`, {
    method: 'POST',
    headers: { cookie: a.cookieHeader(), 'x-csrf-token': a.csrf, 'content-type': 'application/json' },
    body: '{"room": "x", "body": ',
  });
  assert.equal(broken.status, 400);
});

test('a body over 30 KB is refused with 413; a chat over 2 MB refuses more but stays readable', async () => {
  const { room, users } = await roomWith(['big-a']);
  const [a] = users;
  const exact = 'é'.repeat(15 * 1024); // 30 KB in UTF-8 bytes exactly
  assert.equal((await a.raw('POST', '/api/message', { room: room.id, body: exact })).status, 200);
  const over = await a.raw('POST', '/api/message', { room: room.id, body: `${exact}x` });
  assert.equal(over.status, 413);
  assert.equal(over.body.error.code, 'body_too_large');
  // 2 MB = 2,097,152 bytes: 68 bodies of 30 KB fit (with the first), the 70th does not.
  for (let i = 0; i < 67; i++) assert.equal((await a.raw('POST', '/api/message', { room: room.id, body: exact })).status, 200);
  const full = await a.raw('POST', '/api/message', { room: room.id, body: exact });
  assert.equal(full.status, 409);
  assert.equal(full.body.error.code, 'chat_full');
  const small = await a.raw('POST', '/api/message', { room: room.id, body: 'still fits?' });
  assert.equal(small.status, 200, '2 MB minus 68 × 30 KB leaves room for a short one');
  const history = await a.get('history', { room: room.id, limit: 200 });
  assert.equal(history.events.filter((e: Item) => e.type === 'message').length, 69);
});
