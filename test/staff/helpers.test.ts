// Helpers' tools and the guest's survey: canned responses, tags (manual and automatic), follow-up, CSAT once
// after the end, an external survey and the forum link; invalid tag rules stop the server at start.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { ChatClient } from '../support/client.js';
import { startStaffServer, type StaffServer } from './fixture.js';

const RULES = JSON.stringify([
  { tag: 'mac', keywords: ['mac os'], fields: ['os'] },
  { tag: 'crash', patterns: ['\\bcrash(es|ed)?\\b'] },
  { tag: 'sync', keywords: ['sync'], fields: ['message'] },
  { tag: 'nightly', keywords: ['version: 130.0a1'], fields: ['metadata'] },
]);
const MAC_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:128.0) Gecko/20100101 Firefox/128.0';

describe('helpers and guests', () => {
  let server: StaffServer;
  let monitor: ChatClient;
  let helper: ChatClient;
  let guest: ChatClient;
  before(async () => {
    server = await startStaffServer({ tagRules: RULES, forumUrlTemplate: 'https://forum.example.org/new?title={question}' });
    monitor = await server.user('mona', ['monitor']);
    helper = await server.user('hal', ['helper']);
    guest = await server.user('gus', ['guest']);
  });
  after(() => server.close());

  test('canned responses: own and shared, shared ones edited by monitors only, expanded by short code', async () => {
    await assert.rejects(helper.call('canned_save', { shortcode: 'hi', title: 'Hello', body: 'shared', shared: true }), /monitors/);
    await monitor.call('canned_save', { shortcode: 'hi', title: 'Hello', body: 'Hello, how can I help?', shared: true });
    await monitor.call('canned_save', { shortcode: 'bye', title: 'Bye', body: 'Goodbye!', shared: true });
    assert.equal((await helper.get('canned_expand', { shortcode: 'hi' })).body, 'Hello, how can I help?');
    await helper.call('canned_save', { shortcode: 'hi', title: 'Mine', body: 'Hi, Hal here.', shared: false });
    assert.deepEqual(await helper.get('canned_expand', { shortcode: 'hi' }), { shortcode: 'hi', title: 'Mine', body: 'Hi, Hal here.', shared: false });
    assert.equal((await monitor.get('canned_expand', { shortcode: 'hi' })).body, 'Hello, how can I help?');
    const { canned } = await helper.get('canned_list');
    assert.deepEqual(canned.map((c: any) => [c.shortcode, c.owner === null]), [['bye', true], ['hi', true], ['hi', false]]);
    await assert.rejects(helper.call('canned_delete', { shortcode: 'bye', shared: true }), /monitors/);
    await helper.call('canned_delete', { shortcode: 'hi' });
    assert.equal((await helper.get('canned_expand', { shortcode: 'hi' })).shared, true);
    await assert.rejects(helper.get('canned_expand', { shortcode: 'nope' }), /No such canned/);
    await assert.rejects(guest.get('canned_list'), /Only staff/);
  });

  test('tags: automatic from question, OS, metadata and guest messages; manual add and remove', async () => {
    const metadata = { version: '130.0a1', ua: { browser: 'Firefox 128.0', os: 'Mac OS 10.15', device: 'desktop' }, userAgent: MAC_UA };
    const chat = await server.chat(guest, helper, 'Firefox crashed on start', metadata);
    const tags = async () => (await helper.get('transcript', { chat: chat.id })).transcript.tags.map((t: any) => `${t.tag}:${t.source}`);
    await waitUntil(async () => (await tags()).length === 3);
    assert.deepEqual(await tags(), ['crash:auto', 'mac:auto', 'nightly:auto']);
    await helper.call('message', { room: chat.roomId, body: 'sync is on' }); // a helper's message tags nothing
    await guest.call('message', { room: chat.roomId, body: 'My Sync stopped too' });
    await waitUntil(async () => (await tags()).includes('sync:auto'));
    assert.deepEqual((await helper.call('chat_tag_add', { chat: chat.id, tag: 'vip' })).tags.map((t: any) => t.tag), ['crash', 'mac', 'nightly', 'sync', 'vip']);
    await helper.call('chat_tag_remove', { chat: chat.id, tag: 'crash' });
    await assert.rejects(helper.call('chat_tag_remove', { chat: chat.id, tag: 'crash' }), /no such tag/);
    await assert.rejects(helper.call('chat_tag_add', { chat: chat.id, tag: 'Not Valid' }), /pattern|match/i);
    await assert.rejects(guest.call('chat_tag_add', { chat: chat.id, tag: 'x' }), /Only staff/);
  });

  test('follow-up flag and notes, staff only', async () => {
    const chat = await server.chat(guest, helper, 'Follow me up');
    assert.deepEqual(await helper.call('chat_follow_up', { chat: chat.id, needed: true }), { followUp: true });
    assert.equal((await helper.get('transcript', { chat: chat.id })).transcript.followUp, true);
    await assert.rejects(guest.call('chat_follow_up', { chat: chat.id, needed: true }), /Only staff/);
    await assert.rejects(guest.call('staff_note', { chat: chat.id, body: 'x' }), /Only staff/);
  });

  test('survey: the guest rates once, only after the end; unresolved gets the forum link', async () => {
    const chat = await server.chat(guest, helper, 'Where are my tabs?');
    assert.deepEqual(await guest.get('survey', { chat: chat.id }), {
      chat: chat.id,
      kind: 'builtin',
      answered: false,
      forumUrl: 'https://forum.example.org/new?title=Where%20are%20my%20tabs%3F',
    });
    await assert.rejects(guest.call('survey_answer', { chat: chat.id, rating: 5 }), /has ended/);
    await server.end(chat);
    await assert.rejects(helper.call('survey_answer', { chat: chat.id, rating: 5 }), /No such chat/);
    await assert.rejects(guest.call('survey_answer', { chat: chat.id, rating: 6 }), /maximum|<=/);
    assert.deepEqual(await guest.call('survey_answer', { chat: chat.id, rating: 2, comment: 'meh', resolved: false }), {
      ok: true,
      forumUrl: 'https://forum.example.org/new?title=Where%20are%20my%20tabs%3F',
    });
    await assert.rejects(guest.call('survey_answer', { chat: chat.id, rating: 5 }), /already answered/);
    assert.equal((await guest.get('survey', { chat: chat.id })).answered, true);
    const { survey } = (await helper.get('transcript', { chat: chat.id })).transcript;
    assert.deepEqual([survey.rating, survey.comment], [2, 'meh']);
  });

  test('an external survey URL is offered instead of the built-in survey', async () => {
    const external = await startStaffServer({ surveyUrlTemplate: 'https://survey.example.org/s?chat={chat}' });
    try {
      const g = await external.user('g', ['guest']);
      const chat = await external.chat(g, await external.user('h', ['helper']));
      await external.end(chat);
      const offer = await g.get('survey', { chat: chat.id });
      assert.deepEqual([offer.kind, offer.url], ['external', `https://survey.example.org/s?chat=${chat.id}`]);
      await assert.rejects(g.call('survey_answer', { chat: chat.id, rating: 4 }), /external survey/);
    } finally {
      await external.close();
    }
  });
});

test('invalid tag rules and webhooks are refused at start with a message naming them', () => {
  const refused = (env: Record<string, string>, message: RegExp) =>
    assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message));
  refused({ PARAKEET_TAG_RULES: '[{"tag":"x","patterns":["("]}]' }, /PARAKEET_TAG_RULES: rule 1 \(x\): invalid pattern/);
  refused({ PARAKEET_TAG_RULES: '[{"tag":"x","patterns":["(a+)+$"]}]' }, /nests quantifiers/);
  refused({ PARAKEET_TAG_RULES: `[{"tag":"x","patterns":["${'a'.repeat(201)}"]}]` }, /longer than 200/);
  refused({ PARAKEET_TAG_RULES: '[{"tag":"x","keywords":["a"],"fields":["body"]}]' }, /unknown field "body"/);
  refused({ PARAKEET_TAG_RULES: 'not json' }, /not JSON/);
  refused({ PARAKEET_WEBHOOKS: '[{"url":"ftp://x","secret":"0123456789abcdef"}]' }, /PARAKEET_WEBHOOKS: webhook 1: "url"/);
  refused({ PARAKEET_WEBHOOKS: '[{"url":"https://x.example","secret":"short"}]' }, /"secret"/);
  refused({ PARAKEET_WEBHOOKS: '[{"url":"https://x.example","secret":"0123456789abcdef","events":["chat.exploded"]}]' }, /unknown event "chat.exploded"/);
  refused({ PARAKEET_SURVEY_URL: 'https://survey.example.org/no-placeholder' }, /PARAKEET_SURVEY_URL/);
});

/** Polls briefly for work the server does after answering (automatic tags are never on the request path). */
async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail('condition not reached');
}
