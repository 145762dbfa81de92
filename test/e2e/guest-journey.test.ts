// A guest asks on the full page, waits, is offered to a helper who accepts in the console; they chat both ways,
// the guest ends the chat and reaches the closing screen. Runs when the server has the support queue.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
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

test('guest journey: ask, wait, offer, accept, chat, end', { skip: skip ?? false }, async (t) => {
  const docs = await (await fetch(`${server.url}/docs/json`)).json();
  if (!docs.paths['/api/support_ask'] || !docs.paths['/api/guest']) return t.skip('the server has no support queue or guest sign-in yet');

  const helperContext = await signedIn(browser, server.url, 'hal');
  const helper = await helperContext.newPage();
  const helperProblems = watch(helper).problems;
  await helper.goto('/helper');
  await helper.getByRole('heading', { name: 'Support' }).waitFor();
  await helper.getByTestId('duty').selectOption('available');

  const guestContext = await signedIn(browser, server.url, '', { viewport: { width: 390, height: 844 } });
  const guest = await guestContext.newPage();
  const guestProblems = watch(guest).problems;
  await guest.goto('/?product=Firefox&version=128&addons=uBlock,NoScript');
  await guest.getByRole('heading', { name: 'How can we help?' }).waitFor();
  assert.deepEqual(await axe(guest), []);
  await screenshots(guest, 'guest-ask');
  assert.equal(await guest.getByLabel('Product').inputValue(), 'Firefox');
  await guest.getByLabel('Your question').fill('My bookmarks vanished');
  await guest.getByLabel('Your name (optional)').fill('Gail');
  await guest.getByRole('button', { name: 'Ask a helper' }).click();

  // The helper gets the offer with the question and the details, and accepts it.
  const offer = helper.locator('.offer', { hasText: 'My bookmarks vanished' });
  await offer.waitFor({ timeout: 15_000 });
  assert.match(await offer.textContent() ?? '', /Firefox/);
  await screenshots(helper, 'helper-offer');
  await offer.getByRole('button', { name: 'Accept' }).click();

  await guest.getByRole('heading', { name: 'You are chatting with hal.' }).waitFor({ timeout: 15_000 });
  await helper.getByRole('button', { name: 'End chat' }).waitFor();
  await helper.getByLabel('Message', { exact: true }).fill("Hello Gail, '''let us''' look");
  await helper.getByLabel('Message', { exact: true }).press('Enter');
  await guest.locator('.msg strong', { hasText: 'let us' }).waitFor();
  await guest.getByLabel('Message', { exact: true }).fill('Thanks!');
  await guest.getByLabel('Message', { exact: true }).press('Enter');
  await helper.locator('.msg', { hasText: 'Thanks!' }).waitFor();
  assert.deepEqual(await axe(guest), []);
  await screenshots(guest, 'guest-chat');

  await guest.getByRole('button', { name: 'End chat' }).click();
  await guest.getByRole('heading', { name: 'The chat has ended.' }).waitFor();
  await screenshots(guest, 'guest-ended');
  assert.deepEqual([...guestProblems, ...helperProblems], []);
  await guestContext.close();
  await helperContext.close();
});
