// Webhooks: signed posts on chat events, retried on the backoff schedule (an injected clock moves time) against
// a local receiver that fails first; the delivery log. Transcripts: search, JSON, and an HTML page that escapes
// hostile text in every field.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook } from '../../src/domain/staff/webhooks.js';
import type { ChatClient } from '../support/client.js';
import { startStaffServer, type StaffServer } from './fixture.js';

const SECRET = 'a-shared-secret-of-some-length';

describe('webhooks', () => {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  let failuresLeft = 2;
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = failuresLeft-- > 0 ? 503 : 204;
      res.end();
    });
  });
  let clock = 1_800_000_000_000;
  let server: StaffServer;
  before(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    server = await startStaffServer({ webhooks: JSON.stringify([{ url, secret: SECRET, events: ['chat.ended', 'followup.requested'] }]) }, () => clock);
  });
  after(async () => {
    await server.close();
    receiver.close();
  });

  const deliveries = async (c: ChatClient) => (await c.get('webhook_deliveries')).deliveries as Array<Record<string, any>>;
  async function until(check: () => Promise<boolean>) {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
  }

  test('a chat that ends is posted, signed, retried with backoff until the receiver takes it', async () => {
    const monitor = await server.user('mona', ['monitor']);
    const helper = await server.user('hal', ['helper']);
    const guest = await server.user('gus', ['guest']);
    const chat = await server.chat(guest, helper); // queued and accepted: not subscribed, so not posted
    await server.end(chat);
    await until(async () => received.length === 1);
    assert.equal(received.length, 1);
    let [log] = await deliveries(monitor);
    assert.deepEqual([log.event, log.state, log.attempts, log.lastStatus, log.nextAt - clock >= 30_000], ['chat.ended', 'pending', 1, 503, true]);

    // Nothing is due before the first retry time.
    await server.services.staff.webhooks.wake();
    assert.equal(received.length, 1);
    clock = log.nextAt;
    await server.services.staff.webhooks.wake();
    [log] = await deliveries(monitor);
    assert.deepEqual([received.length, log.attempts, log.state], [2, 2, 'pending']);
    assert.ok(log.nextAt - clock >= 60_000, 'the second retry waits twice as long');
    clock = log.nextAt;
    await server.services.staff.webhooks.wake();
    [log] = await deliveries(monitor);
    assert.deepEqual([received.length, log.attempts, log.state, log.lastStatus], [3, 3, 'delivered', 204]);

    for (const { headers, body } of received) {
      assert.equal(headers['x-parakeet-signature'], signWebhook(SECRET, Number(headers['x-parakeet-timestamp']), body));
      assert.equal(headers['x-parakeet-event'], 'chat.ended');
      const parsed = JSON.parse(body);
      assert.deepEqual([parsed.event, parsed.data.chat.id, parsed.data.chat.state], ['chat.ended', chat.id, 'ended']);
    }
    assert.equal(new Set(received.map((r) => r.body)).size, 1, 'every attempt posts the same body');

    // A follow-up request is posted too, without waiting for the answer.
    await helper.call('chat_follow_up', { chat: chat.id, needed: true });
    await until(async () => received.length === 4);
    assert.equal(JSON.parse(received[3].body).event, 'followup.requested');
    await assert.rejects(helper.get('webhook_deliveries'), /Only monitors/);
  });
});

describe('transcripts', () => {
  let server: StaffServer;
  let monitor: ChatClient;
  let helper: ChatClient;
  before(async () => {
    server = await startStaffServer();
    monitor = await server.user('mona', ['monitor']);
    helper = await server.user('hal', ['helper']);
  });
  after(() => server.close());

  test('list and search by text, tag, helper and time; export as JSON', async () => {
    const guest = await server.user('gus', ['guest']);
    const a = await server.chat(guest, helper, 'Bookmarks vanished');
    const b = await server.chat(guest, monitor, 'Printing is slow');
    await guest.call('message', { room: b.roomId, body: 'also the PDF viewer hangs' });
    await helper.call('chat_tag_add', { chat: a.id, tag: 'data-loss' });
    const ids = async (args: Record<string, string | number>) => (await helper.get('transcripts', args)).chats.map((c: any) => c.id);
    assert.deepEqual(await ids({}), [b.id, a.id]);
    assert.deepEqual(await ids({ q: 'bookmarks' }), [a.id]);
    assert.deepEqual(await ids({ q: 'pdf VIEWER' }), [b.id]);
    assert.deepEqual(await ids({ tag: 'data-loss' }), [a.id]);
    assert.deepEqual(await ids({ helper: monitor.user.id }), [b.id]);
    assert.deepEqual(await ids({ from: b.queuedAt + 1 }), []);
    assert.deepEqual(await ids({ to: b.queuedAt + 1, q: 'slow' }), [b.id]);
    const { transcript } = await monitor.get('transcript', { chat: b.id });
    assert.equal(transcript.chat.question, 'Printing is slow');
    assert.deepEqual(transcript.participants.map((p: any) => [p.name, p.role]), [['mona', 'owner'], ['gus', 'member']]);
    assert.ok(transcript.events.some((e: any) => e.payload.body === 'also the PDF viewer hangs'));
    await assert.rejects(guest.get('transcripts'), /Only staff/);
    await assert.rejects(guest.get('transcript', { chat: b.id }), /Only staff/);
  });

  test('the HTML page escapes hostile text in every field and carries no script', async () => {
    const evil = (where: string) => `<script>alert('${where}')</script><img src=x onerror=alert(1)>"&'`;
    const guest = await server.user('evil-guest', ['guest']);
    await server.services.store.updateUser(guest.user.id, { displayName: evil('name') });
    const chat = await server.chat(guest, helper, evil('question'), { product: evil('product'), fields: { [evil('key')]: evil('value') } });
    await guest.call('message', { room: chat.roomId, body: evil('message') });
    await helper.call('staff_note', { chat: chat.id, body: evil('note') });
    await monitor.call('staff_watch', { chat: chat.id });
    await monitor.call('staff_whisper', { chat: chat.id, body: evil('whisper') });
    await helper.call('chat_tag_add', { chat: chat.id, tag: 'x' });
    await server.end(chat);
    await guest.call('survey_answer', { chat: chat.id, rating: 1, comment: evil('comment') });

    const res = await fetch(`${server.url}/transcripts/${chat.id}.html`, { headers: { cookie: helper.cookieHeader() } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await res.text();
    assert.doesNotMatch(html, /<script|<img|onerror=alert\(1\)>/i);
    for (const where of ['question', 'product', 'key', 'value', 'message', 'note', 'whisper', 'comment']) {
      assert.ok(html.includes(`&lt;script&gt;alert(&#39;${where}&#39;)&lt;/script&gt;`), `${where} is shown escaped`);
    }
    assert.ok(html.includes('&quot;&amp;&#39;'));
    const asGuest = await fetch(`${server.url}/transcripts/${chat.id}.html`, { headers: { cookie: guest.cookieHeader() } });
    assert.equal(asGuest.status, 403);
    assert.equal((await fetch(`${server.url}/transcripts/${chat.id}.html`)).status, 401);
    assert.equal((await fetch(`${server.url}/transcripts/nope.html`, { headers: { cookie: helper.cookieHeader() } })).status, 404);
  });
});
