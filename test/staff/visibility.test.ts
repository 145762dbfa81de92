// Staff-only events (whispers, notes, a monitor's silent join) never reach the guest: not live, not on resume,
// not in history, over every transport. Staff get them on every path too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TRANSPORTS, type ChatClient } from '../support/client.js';
import { startStaffServer, type StaffServer } from './fixture.js';

describe('staff-only visibility', () => {
  let server: StaffServer;
  let monitor: ChatClient;
  let helper: ChatClient;
  before(async () => {
    server = await startStaffServer();
    monitor = await server.user('mona', ['monitor']);
    helper = await server.user('hal', ['helper']);
  });
  after(() => server.close());

  for (const transport of TRANSPORTS) {
    test(`${transport}: the guest never receives a whisper, a note or a silent join`, async () => {
      const guest = await server.user(`guest-${transport}`, ['guest']);
      const chat = await server.chat(guest, helper);
      const guestStream = await guest.listen(transport);
      const helperStream = await helper.listen(transport);
      try {
        await monitor.call('staff_watch', { chat: chat.id });
        await monitor.call('staff_whisper', { chat: chat.id, body: 'SECRET whisper' });
        await helper.call('staff_note', { chat: chat.id, body: 'SECRET note' });
        await helper.call('message', { room: chat.roomId, body: 'public after' });
        await helperStream.waitFor((e) => e.some((x) => x.type === 'message' && x.payload.body === 'public after'));
        await guestStream.waitFor((e) => e.some((x) => x.type === 'message' && x.payload.body === 'public after'));
        // Staff saw all three, flagged as staff-only.
        const staffOnly = helperStream.durable(chat.roomId).filter((e) => e.audience === 'staff');
        assert.deepEqual(staffOnly.map((e) => e.type === 'join' ? `join ${e.payload.role}` : e.payload.body), ['join watcher', 'SECRET whisper', 'SECRET note']);
        assert.equal(staffOnly[2].payload.note, true);
        // Live: nothing staff-only reached the guest.
        const leaked = (events: Array<Record<string, any>>) => JSON.stringify(events).includes('SECRET') || events.some((e) => e.audience === 'staff' || e.payload?.user?.id === monitor.user.id);
        assert.equal(leaked(guestStream.events), false);
        // Resume from the start of the room: a replay from storage.
        const cursor = guestStream.cursor().replace(new RegExp(`${chat.roomId}:\\d+`), `${chat.roomId}:0`);
        await guestStream.close();
        const resumed = await guest.listen(transport, cursor);
        await resumed.waitFor((e) => e.some((x) => x.type === 'message' && x.payload.body === 'public after'));
        assert.equal(leaked(resumed.events), false);
        await resumed.close();
        // History, and the member list.
        const { events } = await guest.get('history', { room: chat.roomId });
        assert.equal(leaked(events), false);
        assert.ok(events.some((e: any) => e.payload.body === 'public after'));
        const { members } = await guest.get('members', { room: chat.roomId });
        assert.equal(members.some((m: any) => m.id === monitor.user.id), false);
        const staffHistory = await helper.get('history', { room: chat.roomId });
        assert.equal(staffHistory.events.filter((e: any) => e.audience === 'staff').length, 3);
        assert.ok((await helper.get('members', { room: chat.roomId })).members.some((m: any) => m.id === monitor.user.id && m.role === 'watcher'));
      } finally {
        await guestStream.close();
        await helperStream.close();
      }
    });
  }

  test('commands over WebSocket work the same, and a guest may not whisper', async () => {
    const guest = await server.user('guest-ws-cmd', ['guest']);
    const chat = await server.chat(guest, helper);
    const ws = await server.user('mona-ws', ['monitor']);
    await ws.useWebSocket();
    await ws.call('staff_watch', { chat: chat.id });
    const { event } = await ws.call('staff_whisper', { chat: chat.id, body: 'over ws' });
    assert.equal(event.audience, 'staff');
    await assert.rejects(guest.call('staff_whisper', { chat: chat.id, body: 'hi' }), /Only staff/);
    await ws.commandSocket?.close();
  });
});
