// Payloads full of HTML and script appear as text everywhere; axe-core finds no serious or critical violation on the
// main screens; a keyboard alone can run a conversation; Arabic turns the console right-to-left; the monitor
// dashboard shows the live queue.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ChatClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { axe, launch, screenshots, signedIn, skipReason, watch } from './harness.js';

const skip = skipReason();
let server: TestServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  server = await startTestServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const ROOM = '<img src=x onerror=alert(1)>Lounge';
const TOPIC = '<script>alert(2)</script>"><svg onload=alert(3)>';
const BODY = "<b onmouseover=alert(4)>bold?</b><img src=x onerror=alert(5)> [javascript:alert(6) click] '''real bold'''";

async function open(name: string, path: string, locale = 'en-US'): Promise<{ page: Page; problems: string[] }> {
  const context = await signedIn(browser, server.url, name, { locale });
  const page = await context.newPage();
  const { problems } = watch(page);
  await page.goto(path);
  return { page, problems };
}

test('HTML and script in room names, topics, messages and guest names show as text', { skip: skip ?? false }, async () => {
  const alice = await open('xalice', '/helper');
  const bob = await open('xbob', '/helper');
  await alice.page.getByLabel('Conference name').fill(ROOM);
  await alice.page.getByRole('button', { name: 'New conference' }).click();
  await alice.page.getByRole('heading', { name: ROOM, level: 2 }).waitFor();
  await alice.page.getByRole('button', { name: 'Edit topic' }).click();
  await alice.page.getByLabel('Topic').fill(TOPIC);
  await alice.page.getByRole('button', { name: 'Save' }).click();
  await alice.page.getByLabel('Name of the person to invite').fill('xbob');
  await alice.page.getByRole('button', { name: 'Invite someone: xbob' }).click();
  await bob.page.getByText(`xalice invited you to ${ROOM}`).waitFor();
  await bob.page.getByRole('button', { name: 'Join', exact: true }).click();
  await alice.page.getByLabel('Message', { exact: true }).fill(BODY);
  await alice.page.getByLabel('Message', { exact: true }).press('Enter');

  for (const { page } of [alice, bob]) {
    await page.locator('.msg .body strong', { hasText: 'real bold' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: ROOM, level: 2 }).count(), 1);
    assert.equal(await page.getByTestId('topic').textContent(), TOPIC);
    const body = page.locator('.msg .body').last();
    assert.match((await body.textContent()) ?? '', /<b onmouseover=alert\(4\)>bold\?<\/b><img src=x onerror=alert\(5\)>/);
    // The only elements in a message are the markup's own.
    const tags = await page.locator('.msg .body *').evaluateAll((els) => els.map((e) => e.tagName.toLowerCase()));
    assert.ok(tags.every((tag) => ['strong', 'em', 'a', 'br'].includes(tag)), `unexpected elements: ${tags}`);
    assert.equal(await page.locator('img, svg[onload], script:not([src])').count(), 0);
  }
  await bob.page.locator('.msg .body').last().hover();

  // A guest whose name and question are payloads, seen by the helper queue and the monitor.
  const docs = await (await fetch(`${server.url}/docs/json`)).json();
  const problems = [...alice.problems, ...bob.problems];
  if (docs.paths['/api/support_ask'] && docs.paths['/api/guest']) {
    const guest = await open('', '/');
    await guest.page.getByLabel('Your question').fill(BODY);
    await guest.page.getByLabel('Your name (optional)').fill('<img src=x onerror=alert(7)>');
    await guest.page.getByRole('button', { name: 'Ask a helper' }).click();
    await guest.page.locator('.waiting').waitFor();
    // Roles are read at sign-in: make the account a monitor first, then sign in.
    await server.services.store.updateUser((await ChatClient.dev(server.url, 'xmon')).user.id, { roles: ['monitor'] });
    const monitor = await open('xmon', '/monitor');
    await monitor.page.locator('td', { hasText: '<img src=x onerror=alert(7)>' }).first().waitFor();
    assert.equal(await monitor.page.locator('img').count(), 0);
    assert.deepEqual(await axe(monitor.page), []);
    await screenshots(monitor.page, 'monitor-dashboard');
    // Out of the line, so later tests' guests are the first offered.
    await guest.page.getByRole('button', { name: 'Leave the queue' }).click();
    await guest.page.getByRole('heading', { name: 'How can we help?' }).waitFor();
    problems.push(...guest.problems, ...monitor.problems);
  }
  assert.deepEqual(problems, []);
});

test('axe-core: the signed-out console and the guest page have no serious or critical violations', { skip: skip ?? false }, async () => {
  const signedOut = await browser.newPage({ baseURL: server.url });
  await signedOut.goto('/');
  await signedOut.getByRole('heading', { name: 'How can we help?' }).waitFor();
  assert.deepEqual(await axe(signedOut), []);
  await signedOut.close();
  const { page } = await open('axe', '/helper');
  await page.getByRole('heading', { name: 'Conversations' }).waitFor();
  assert.deepEqual(await axe(page), []);
  await screenshots(page, 'helper-empty');
});

test('keyboard only: create a conference, write, send, and see focus all along', { skip: skip ?? false }, async () => {
  const { page, problems } = await open('keys', '/helper');
  await page.getByRole('heading', { name: 'Conversations' }).waitFor();
  // The first Tab reaches the skip link, which is visible when focused.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to the conversation');
  // Tab until the conference name field, type, Enter submits the form.
  for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) !== 'Conference name'; i++) await page.keyboard.press('Tab');
  await page.keyboard.type('Keyboard room');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Keyboard room', level: 2 }).waitFor();
  for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) !== 'Message'; i++) {
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => (document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : 'none'));
    assert.notEqual(outline, 'none', 'the focused element shows a focus outline');
  }
  await page.keyboard.type('typed with the keyboard');
  await page.keyboard.press('Enter');
  await page.locator('.msg[data-seq]', { hasText: 'typed with the keyboard' }).waitFor();
  assert.deepEqual(problems, []);
});

test('keyboard only: set the duty status, accept an offer and send a canned response with /code + Tab', { skip: skip ?? false }, async (t) => {
  const docs = await (await fetch(`${server.url}/docs/json`)).json();
  if (!docs.paths['/api/canned_save'] || !docs.paths['/api/guest']) return t.skip('the server has no canned responses or guest sign-in yet');
  const { page, problems } = await open('keyhelper', '/helper');
  const me = await (await page.context().request.get('/api/me')).json();
  const saved = await page.context().request.post('/api/canned_save', {
    data: { shortcode: 'thanks', title: 'Thanks', body: "Thanks for waiting, '''let us''' start.", shared: false },
    headers: { 'x-csrf-token': me.csrfToken },
  });
  assert.equal(saved.status(), 200);
  await page.getByRole('heading', { name: 'Support' }).waitFor();
  await page.getByTestId('duty').and(page.locator(':enabled')).waitFor();
  const focused = () => page.evaluate(() => ({ text: document.activeElement?.textContent ?? '', label: document.activeElement?.getAttribute('aria-label') ?? '', id: document.activeElement?.getAttribute('data-testid') ?? '' }));
  const tabTo = async (match: (f: { text: string; label: string; id: string }) => boolean, limit = 60) => {
    for (let i = 0; i < limit && !match(await focused()); i++) {
      await page.keyboard.press('Tab');
      const outline = await page.evaluate(() => (document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : 'none'));
      assert.notEqual(outline, 'none', 'the focused element shows a focus outline');
    }
    assert.ok(match(await focused()), `focus reached the target, at ${JSON.stringify(await focused())}`);
  };
  await tabTo((f) => f.id === 'duty');
  // Off duty is the last choice: up three times is "Available".
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => (document.querySelector('[data-testid=duty]') as HTMLSelectElement).value === 'available');
  await page.waitForTimeout(300);

  const guest = await open('', '/');
  await guest.page.getByLabel('Your question').fill('Keyboard question');
  await guest.page.getByRole('button', { name: 'Ask a helper' }).click();
  await page.locator('.offer', { hasText: 'Keyboard question' }).waitFor({ timeout: 15_000 });
  await tabTo((f) => f.text === 'Accept');
  await page.keyboard.press('Enter');
  await guest.page.getByRole('heading', { name: 'You are chatting with keyhelper.' }).waitFor({ timeout: 15_000 });
  await page.getByRole('navigation', { name: 'Support chats' }).waitFor();
  await tabTo((f) => f.label === 'Message', 80);
  await page.keyboard.type('/thanks');
  await page.keyboard.press('Tab');
  // The expansion may come from the server (canned_expand): wait for it rather than read at once.
  const composer = page.getByLabel('Message', { exact: true });
  const expanded = "Thanks for waiting, '''let us''' start.";
  for (let i = 0; i < 100 && (await composer.inputValue()) !== expanded; i++) await page.waitForTimeout(100);
  assert.equal(await composer.inputValue(), expanded);
  await page.keyboard.press('Enter');
  await guest.page.locator('.msg strong', { hasText: 'let us' }).waitFor();
  assert.deepEqual([...problems, ...guest.problems], []);
  await page.context().close();
  await guest.page.context().close();
});

test('Arabic renders the console right-to-left', { skip: skip ?? false }, async () => {
  const { page, problems } = await open('rtl', '/helper', 'ar-EG');
  await page.getByRole('heading', { name: 'المحادثات' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
  const sidebar = await page.locator('.sidebar').boundingBox();
  const main = await page.locator('.main').boundingBox();
  assert.ok(sidebar && main && sidebar.x > main.x, 'the conversation list sits on the right');
  assert.deepEqual(await axe(page), []);
  await screenshots(page, 'helper-rtl');
  const guest = await open('', '/?lang=ar');
  await guest.page.getByRole('heading', { name: 'كيف يمكننا مساعدتك؟' }).waitFor();
  assert.equal(await guest.page.evaluate(() => document.documentElement.dir), 'rtl');
  await screenshots(guest.page, 'guest-rtl');
  // The monitor dashboard mirrored too.
  await server.services.store.updateUser((await ChatClient.dev(server.url, 'rtlmon')).user.id, { roles: ['monitor'] });
  const monitor = await open('rtlmon', '/monitor', 'ar-EG');
  await monitor.page.getByRole('heading', { name: 'النصوص الكاملة' }).or(monitor.page.locator('#transcripts-title')).first().waitFor();
  assert.equal(await monitor.page.evaluate(() => document.documentElement.dir), 'rtl');
  const first = await monitor.page.locator('.dashboard > .card').first().boundingBox();
  assert.ok(first && first.x + first.width > 1280 - 40, 'the first card starts on the right');
  assert.deepEqual(await axe(monitor.page), []);
  await screenshots(monitor.page, 'monitor-rtl');
  assert.deepEqual([...problems, ...guest.problems, ...monitor.problems], []);
});
