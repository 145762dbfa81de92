// Monitors in a chat: watch, barge, take over, hand back; every action recorded and listable by staff only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatClient } from '../support/client.js';
import { startStaffServer, type StaffServer } from './fixture.js';

let server: StaffServer;
let monitor: ChatClient;
let helper: ChatClient;
let other: ChatClient;
before(async () => {
  server = await startStaffServer();
  monitor = await server.user('mona', ['monitor']);
  helper = await server.user('hal', ['helper']);
  other = await server.user('hank', ['helper']);
});
after(() => server.close());

test('watch, barge, takeover, handback: what the guest sees, the roles, and the action log', async () => {
  const guest = await server.user('gus', ['guest']);
  const chat = await server.chat(guest, helper);
  const guestStream = await guest.listen('websocket');
  const members = async (c: ChatClient) => Object.fromEntries((await c.get('members', { room: chat.roomId })).members.map((m: any) => [m.name, m.role]));

  await monitor.call('staff_watch', { chat: chat.id });
  await assert.rejects(monitor.call('message', { room: chat.roomId, body: 'hi' }), /role/i); // a watcher cannot speak
  assert.deepEqual(await members(guest), { hal: 'owner', gus: 'member' });
  // Nothing of the silent watcher reaches the guest: no typing, no status.
  await assert.rejects(monitor.call('typing', { room: chat.roomId, state: 'active' }), /role/i);
  await monitor.call('status', { status: 'busy' });
  await helper.call('message', { room: chat.roomId, body: 'marker' });
  await guestStream.waitFor((e) => e.some((x) => x.type === 'message' && x.payload.body === 'marker'));
  assert.ok(!guestStream.events.some((x) => x.type === 'status' && x.payload.user.id === monitor.user.id), 'a watcher’s status leaked to the guest');

  await monitor.call('staff_barge', { chat: chat.id });
  await monitor.call('message', { room: chat.roomId, body: 'monitor speaking' });
  await guestStream.waitFor((e) => e.some((x) => x.type === 'message' && x.payload.body === 'monitor speaking'));
  assert.ok(guestStream.durable(chat.roomId).some((e) => e.type === 'join' && e.payload.user.id === monitor.user.id && e.payload.role === 'op'));
  assert.deepEqual(await members(guest), { hal: 'owner', gus: 'member', mona: 'op' });

  await monitor.call('staff_takeover', { chat: chat.id });
  assert.deepEqual(await members(guest), { gus: 'member', mona: 'owner' });

  await monitor.call('staff_handback', { chat: chat.id, helper: other.user.id });
  assert.deepEqual(await members(guest), { gus: 'member', hank: 'owner' });
  await guestStream.close();

  const { actions } = await helper.get('staff_actions', { chat: chat.id });
  assert.deepEqual(actions.map((a: any) => a.action), ['watch', 'barge', 'takeover', 'handback']);
  assert.deepEqual(actions[2].detail, { helper: helper.user.id });
  assert.deepEqual(actions[3].detail, { helper: other.user.id });
  assert.ok(actions.every((a: any) => a.monitor.id === monitor.user.id));
  await assert.rejects(guest.get('staff_actions', { chat: chat.id }), /Only staff/);
});

test('only monitors use the monitor tools; unknown and ended chats are refused', async () => {
  const guest = await server.user('gina', ['guest']);
  const chat = await server.chat(guest, helper);
  for (const op of ['staff_watch', 'staff_barge', 'staff_takeover']) {
    await assert.rejects(helper.call(op, { chat: chat.id }), /Only monitors/);
    await assert.rejects(guest.call(op, { chat: chat.id }), /Only monitors/);
  }
  await assert.rejects(monitor.call('staff_watch', { chat: 'nope' }), /No such chat/);
  await server.end(chat);
  await assert.rejects(monitor.call('staff_watch', { chat: chat.id }), /ended/);
});
