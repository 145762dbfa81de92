// The delivery contract as a person sees it: a network cut and a server restart in the middle of a chat lose no
// message and show none twice, and the page says it is offline meanwhile.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freePort, ServerProcess } from '../support/process.js';
import { launch, signedIn, skipReason, watch } from './harness.js';

const skip = skipReason();
let browser: Browser;

before(async () => {
  if (!skip) browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function consoleOf(base: string, name: string, transport = ''): Promise<Page> {
  const context = await signedIn(browser, base, name);
  const page = await context.newPage();
  await page.goto(`/helper${transport ? `?transport=${transport}` : ''}`);
  await page.getByRole('heading', { name: 'Conversations' }).waitFor();
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByLabel('Message', { exact: true }).press('Enter');
}

/** The texts of the stored messages on screen, in order (pending local echoes excluded). */
const shown = (page: Page) => page.locator('.msg[data-seq] .body').allTextContents();

/** Waits until every expected message is stored and shown with nothing pending; each exactly once, in seq order. */
async function settled(page: Page, expected: string[]): Promise<void> {
  for (const text of expected) await page.locator('.msg[data-seq]', { hasText: text }).first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-pending]').length === 0, undefined, { timeout: 20_000 });
  const texts = await shown(page);
  assert.deepEqual([...texts].sort(), [...expected].sort(), `shown: ${JSON.stringify(texts)}`);
  const seqs = (await page.locator('[data-seq]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq')))));
  assert.deepEqual(seqs, [...new Set(seqs)].sort((a, b) => a - b), 'events in seq order, none twice');
}

/** Alice makes a room and Bob joins it from the invitation. */
async function room(alice: Page, bob: Page, name: string): Promise<void> {
  await alice.getByLabel('Conference name').fill(name);
  await alice.getByRole('button', { name: 'New conference' }).click();
  await alice.getByLabel('Name of the person to invite').fill('bob');
  await alice.getByRole('button', { name: 'Invite someone: bob' }).click();
  await bob.getByRole('button', { name: 'Join', exact: true }).click();
  await bob.getByRole('heading', { name, level: 2 }).waitFor();
  await alice.locator('[data-member="bob"]').waitFor();
}

for (const transport of ['websocket', 'longpoll'] as const) {
  test(`a network cut and restore mid-chat (${transport}): nothing lost, nothing doubled`, { skip: skip ?? false }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parakeet-e2e-'));
    const server = new ServerProcess(await freePort(), `sqlite:${join(dir, 'db.sqlite')}`);
    await server.start();
    try {
      const alice = await consoleOf(server.url, 'alice');
      const bob = await consoleOf(server.url, 'bob', transport === 'websocket' ? '' : transport);
      const problems = [watch(alice).problems, watch(bob).problems];
      await room(alice, bob, 'Cut test');
      await say(alice, 'one');
      await bob.locator('.msg', { hasText: 'one' }).waitFor();

      await bob.context().setOffline(true);
      await bob.locator('[data-connection="offline"], [data-connection="connecting"]').waitFor();
      await say(alice, 'two while you were away');
      await say(bob, 'written offline');
      await bob.locator('[data-pending]', { hasText: 'written offline' }).waitFor();
      await say(alice, 'three');
      await bob.waitForTimeout(1500);
      await bob.context().setOffline(false);
      await bob.locator('[data-connection="online"]').waitFor({ timeout: 20_000 });

      await say(alice, 'four');
      const expected = ['one', 'two while you were away', 'three', 'written offline', 'four'];
      await settled(alice, expected);
      await settled(bob, expected);
      // Same order on both screens: the order of the room (seq), whatever moment the offline message was stored.
      assert.deepEqual(await shown(alice), await shown(bob));
      assert.deepEqual(problems.flat(), []);
      await alice.context().close();
      await bob.context().close();
    } finally {
      await server.stop('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test('the server restarts mid-chat: the page reconnects by itself and resumes from its cursor', { skip: skip ?? false }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parakeet-e2e-'));
  const server = new ServerProcess(await freePort(), `sqlite:${join(dir, 'db.sqlite')}`);
  await server.start();
  try {
    const alice = await consoleOf(server.url, 'alice');
    const bob = await consoleOf(server.url, 'bob');
    await room(alice, bob, 'Restart test');
    await say(alice, 'before the restart');
    await bob.locator('.msg', { hasText: 'before the restart' }).waitFor();

    await server.stop('SIGTERM');
    await bob.locator('[data-connection="offline"], [data-connection="connecting"]').waitFor();
    await say(bob, 'sent while the server was down');
    await server.start();
    await bob.locator('[data-connection="online"]').waitFor({ timeout: 30_000 });
    await alice.locator('[data-connection="online"]').waitFor({ timeout: 30_000 });
    await say(alice, 'after the restart');

    const expected = ['before the restart', 'sent while the server was down', 'after the restart'];
    for (const page of [alice, bob]) await settled(page, expected);
    assert.deepEqual(await shown(alice), await shown(bob));
    await alice.context().close();
    await bob.context().close();
  } finally {
    await server.stop('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
});

test('a support chat survives a network cut on the guest side: nothing lost, nothing doubled, the guest stays in the chat', { skip: skip ?? false }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'parakeet-e2e-'));
  const server = new ServerProcess(await freePort(), `sqlite:${join(dir, 'db.sqlite')}`);
  await server.start();
  try {
    const docs = await (await fetch(`${server.url}/docs/json`)).json();
    if (!docs.paths['/api/support_ask'] || !docs.paths['/api/guest']) return t.skip('the server has no support queue or guest sign-in yet');
    const helper = await consoleOf(server.url, 'hal');
    await helper.getByTestId('duty').selectOption('available');
    const guestContext = await signedIn(browser, server.url, '');
    const guest = await guestContext.newPage();
    const problems = [watch(helper).problems, watch(guest).problems];
    await guest.goto('/');
    await guest.getByLabel('Your question').fill('The network keeps dropping');
    await guest.getByRole('button', { name: 'Ask a helper' }).click();
    const offer = helper.locator('.offer', { hasText: 'The network keeps dropping' });
    await offer.getByRole('button', { name: 'Accept' }).click({ timeout: 20_000 });
    await guest.getByRole('heading', { name: 'You are chatting with hal.' }).waitFor({ timeout: 15_000 });
    await say(helper, 'first');
    await guest.locator('.msg', { hasText: 'first' }).waitFor();

    await guestContext.setOffline(true);
    await guest.locator('[data-connection="offline"], [data-connection="connecting"]').waitFor();
    await say(helper, 'while you were offline');
    await say(guest, 'typed offline');
    await guest.locator('[data-pending]', { hasText: 'typed offline' }).waitFor();
    await guest.waitForTimeout(1500);
    await guestContext.setOffline(false);
    await guest.locator('[data-connection="online"]').waitFor({ timeout: 20_000 });
    await say(helper, 'last');

    const expected = ['first', 'while you were offline', 'typed offline', 'last'];
    await settled(helper, expected);
    await settled(guest, expected);
    assert.deepEqual(await shown(helper), await shown(guest));
    await guest.getByRole('button', { name: 'End chat' }).waitFor();
    assert.deepEqual(problems.flat(), []);
    await guestContext.close();
    await helper.context().close();
  } finally {
    await server.stop('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
});

test('the server is killed mid support chat: both pages come back to the same chat, nothing lost or doubled, the chat can be ended', { skip: skip ?? false }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'parakeet-e2e-'));
  const server = new ServerProcess(await freePort(), `sqlite:${join(dir, 'db.sqlite')}`);
  await server.start();
  try {
    const docs = await (await fetch(`${server.url}/docs/json`)).json();
    if (!docs.paths['/api/support_ask'] || !docs.paths['/api/guest']) return t.skip('the server has no support queue or guest sign-in yet');
    const helper = await consoleOf(server.url, 'hal');
    await helper.getByTestId('duty').selectOption('available');
    const guestContext = await signedIn(browser, server.url, '');
    const guest = await guestContext.newPage();
    await guest.goto('/');
    await guest.getByLabel('Your question').fill('Will you still be there?');
    await guest.getByRole('button', { name: 'Ask a helper' }).click();
    const offer = helper.locator('.offer', { hasText: 'Will you still be there?' });
    await offer.getByRole('button', { name: 'Accept' }).click({ timeout: 20_000 });
    await guest.getByRole('heading', { name: 'You are chatting with hal.' }).waitFor({ timeout: 15_000 });
    await say(helper, 'before the crash');
    await say(guest, 'me too');
    for (const page of [helper, guest]) await settled(page, ['before the crash', 'me too']);

    assert.equal(await server.stop('SIGKILL'), null);
    await guest.locator('[data-connection="offline"], [data-connection="connecting"]').waitFor();
    await say(guest, 'typed while the server was down');
    await server.start();
    await guest.locator('[data-connection="online"]').waitFor({ timeout: 30_000 });
    await helper.locator('[data-connection="online"]').waitFor({ timeout: 30_000 });
    await say(helper, 'after the restart');

    const expected = ['before the crash', 'me too', 'typed while the server was down', 'after the restart'];
    for (const page of [helper, guest]) await settled(page, expected);
    assert.deepEqual(await shown(helper), await shown(guest));
    // The queue knows the chat again (before, support_end answered no_such_chat after a restart): the guest ends it.
    await guest.getByRole('button', { name: 'End chat' }).click();
    await guest.getByRole('heading', { name: 'The chat has ended.' }).waitFor({ timeout: 15_000 });
    await guestContext.close();
    await helper.context().close();
  } finally {
    await server.stop('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
});
