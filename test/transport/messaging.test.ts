// Messaging, markup, private messages, typing, status and scrollback, over each of the three transports.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient, TRANSPORTS } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ typingTimeoutMs: 300 });
});
after(() => server.close());

for (const transport of TRANSPORTS) {
  describe(`over ${transport}`, () => {
    // Over WebSocket, commands travel on the socket too; the other transports send them over HTTP.
    const user = async (name: string) => {
      const c = await ChatClient.dev(server.url, name);
      if (transport === 'websocket') await c.useWebSocket();
      return c;
    };
    test('a message reaches every member, rendered and escaped, exactly once', async () => {
      const alice = await user(`alice-${transport}`);
      const bob = await user(`bob-${transport}`);
      const { room } = await alice.call('create_room', { kind: 'conference', name: 'Room' });
      await bob.call('join', { room: room.id });
      const listener = await bob.listen(transport);
      const sent = await alice.call('message', { room: room.id, body: "'''Hi''' <script>alert(1)</script> see [[Firefox crashes|this]]", clientId: 'c1' });
      await listener.waitFor((e) => e.some((x) => x.type === 'message'));
      const [m] = listener.messages(room.id);
      assert.equal(m.seq, sent.seq);
      assert.equal(m.payload.author.id, alice.user.id);
      assert.equal(m.payload.body, "'''Hi''' <script>alert(1)</script> see [[Firefox crashes|this]]");
      assert.match(m.payload.html, /^<strong>Hi<\/strong> &lt;script&gt;alert\(1\)&lt;\/script&gt; see <a href="https:\/\/support\.example\.org\/kb\/Firefox_crashes">this<\/a>$/);
      assert.doesNotMatch(m.payload.html, /<script/);
      // Resending the same clientId is acknowledged with the original seq and delivered no second time.
      const again = await alice.call('message', { room: room.id, body: 'different text', clientId: 'c1' });
      assert.deepEqual([again.seq, again.duplicate], [sent.seq, true]);
      await alice.call('message', { room: room.id, body: 'second' });
      await listener.waitFor((e) => e.filter((x) => x.type === 'message').length === 2);
      assert.deepEqual(listener.messages(room.id).map((x) => x.payload.body).slice(1), ['second']);
      await listener.close();
    });

    test('a private message reaches only its two members', async () => {
      const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => user(`pm-${n}-${transport}`)));
      const { room } = await a.call('create_room', { kind: 'conference', name: 'PM' });
      await b.call('join', { room: room.id });
      await c.call('join', { room: room.id });
      const [la, lb, lc] = await Promise.all([a, b, c].map((x) => x.listen(transport)));
      await a.call('message', { room: room.id, body: 'secret', to: b.user.id });
      await a.call('message', { room: room.id, body: 'public' });
      for (const l of [la, lb, lc]) await l.waitFor((e) => e.some((x) => x.payload?.body === 'public'));
      assert.deepEqual(la.messages().map((x) => x.payload.body), ['secret', 'public']);
      assert.deepEqual(lb.messages().map((x) => x.payload.body), ['secret', 'public']);
      assert.deepEqual(lc.messages().map((x) => x.payload.body), ['public']);
      assert.deepEqual(lb.messages()[0].payload.to, { id: b.user.id, name: b.user.displayName });
      // History keeps the secret from the third member too.
      const history = await c.get('history', { room: room.id });
      assert.ok(!history.events.some((x: { payload: { body?: string } }) => x.payload.body === 'secret'));
      await assert.rejects(c.call('message', { room: room.id, body: 'x', to: 'nobody-here' }), { status: 409 });
      await Promise.all([la, lb, lc].map((l) => l.close()));
    });

    test('typing notices reach the others and expire; status changes reach room mates', async () => {
      const a = await user(`typ-a-${transport}`);
      const b = await user(`typ-b-${transport}`);
      const { room } = await a.call('create_room', { kind: 'conference', name: 'Typing' });
      await b.call('join', { room: room.id });
      const lb = await b.listen(transport);
      const la = await a.listen(transport);
      await a.call('typing', { room: room.id, state: 'active' });
      await lb.waitFor((e) => e.some((x) => x.type === 'typing' && x.payload.state === 'active'), 5000, 'typing active');
      await lb.waitFor((e) => e.some((x) => x.type === 'typing' && x.payload.state === 'stopped'), 5000, 'typing to expire');
      assert.ok(!la.events.some((x) => x.type === 'typing'), 'no echo of one’s own typing');
      await b.call('status', { status: 'away' });
      await la.waitFor((e) => e.some((x) => x.type === 'status' && x.payload.user.id === b.user.id && x.payload.status === 'away'), 5000, 'status away');
      const members = await a.get('members', { room: room.id });
      assert.equal(members.members.find((m: { id: string }) => m.id === b.user.id).status, 'away');
      await Promise.all([la.close(), lb.close()]);
    });
  });
}

test('scrollback: a joining member gets the last 50, and pages further back', async () => {
  const a = await ChatClient.dev(server.url, 'scroll-a');
  const b = await ChatClient.dev(server.url, 'scroll-b');
  const { room } = await a.call('create_room', { kind: 'conference', name: 'Scroll' });
  for (let i = 1; i <= 120; i++) await a.call('message', { room: room.id, body: `m${i}` });
  const joined = await b.call('join', { room: room.id });
  const bodies = (events: Array<{ type: string; payload: { body?: string } }>) => events.filter((e) => e.type === 'message').map((e) => e.payload.body);
  assert.equal(joined.history.length, 50);
  assert.equal(joined.history.at(-1).type, 'join');
  assert.deepEqual(bodies(joined.history).slice(-2), ['m119', 'm120']);
  const page = await b.get('history', { room: room.id, before: joined.history[0].seq, limit: 100 });
  assert.equal(page.events.length, 72); // 122 events (owner join, 120 messages, b join) less the 50 already seen
  assert.deepEqual(bodies(page.events).slice(0, 2), ['m1', 'm2']);
  const seqs = [...page.events, ...joined.history].map((e: { seq: number }) => e.seq);
  assert.deepEqual(seqs, Array.from({ length: 122 }, (_, i) => i + 1));
});
