// The helper console in a real browser: two helpers in a conference, both ways, with markup, typing, private
// messages, topic, invitations, direct chats, and axe-core plus screenshots of the main screens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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

async function openConsole(name: string): Promise<{ page: Page; problems: string[] }> {
  const context = await signedIn(browser, server.url, name);
  const page = await context.newPage();
  const { problems } = watch(page);
  await page.goto('/helper');
  await page.getByRole('heading', { name: 'Conversations' }).waitFor();
  return { page, problems };
}

test('two helpers chat in a conference both ways, with markup, typing and a private message', { skip: skip ?? false }, async () => {
  const alice = await openConsole('alice');
  const bob = await openConsole('bob');

  await alice.page.getByLabel('Conference name').fill('Helpers lounge');
  await alice.page.getByRole('button', { name: 'New conference' }).click();
  await alice.page.getByRole('heading', { name: 'Helpers lounge', level: 2 }).waitFor();

  // Alice invites Bob from the member panel; Bob accepts the invitation.
  await alice.page.getByLabel('Name of the person to invite').fill('bob');
  await alice.page.getByRole('button', { name: 'Invite someone: bob' }).click();
  await bob.page.getByText('alice invited you to Helpers lounge').waitFor();
  await bob.page.getByRole('button', { name: 'Join', exact: true }).click();
  await bob.page.getByRole('heading', { name: 'Helpers lounge', level: 2 }).waitFor();
  await alice.page.locator('[data-member="bob"]').waitFor();

  // Alice types: Bob sees it; then she sends bold and a link.
  await alice.page.getByLabel('Message', { exact: true }).pressSequentially("'''Hello''' see [https://example.org the site]", { delay: 5 });
  await bob.page.getByText('alice is typing…').waitFor();
  await alice.page.getByLabel('Message', { exact: true }).press('Enter');
  const bold = bob.page.locator('.msg .body strong', { hasText: 'Hello' });
  await bold.waitFor();
  assert.equal(await bob.page.locator('.msg .body a', { hasText: 'the site' }).getAttribute('href'), 'https://example.org');
  await bob.page.getByText('alice is typing…').waitFor({ state: 'detached' });

  // Bob answers with italics; Alice sees it.
  await bob.page.getByLabel('Message', { exact: true }).fill("''Hi'' Alice");
  await bob.page.getByRole('button', { name: 'Send' }).click();
  await alice.page.locator('.msg .body em', { hasText: 'Hi' }).waitFor();

  // Topic set by the owner reaches Bob.
  await alice.page.getByRole('button', { name: 'Edit topic' }).click();
  await alice.page.getByLabel('Topic').fill('Release day');
  await alice.page.getByRole('button', { name: 'Save' }).click();
  await bob.page.getByTestId('topic').filter({ hasText: 'Release day' }).waitFor();

  // A private message from Bob to Alice is marked private on both sides.
  await bob.page.getByLabel('To').selectOption({ label: 'alice' });
  await bob.page.getByLabel('Message', { exact: true }).fill('just between us');
  await bob.page.getByLabel('Message', { exact: true }).press('Enter');
  await alice.page.locator('.msg.private', { hasText: 'just between us' }).waitFor();

  // Each message appears exactly once on each side.
  for (const page of [alice.page, bob.page]) {
    assert.equal(await page.locator('.msg', { hasText: 'see the site' }).count(), 1);
    assert.equal(await page.locator('[data-pending]').count(), 0);
  }

  const violations = await axe(alice.page);
  assert.deepEqual(violations, []);
  await screenshots(alice.page, 'helper-conference');
  assert.deepEqual([...alice.problems, ...bob.problems], []);
  await alice.page.context().close();
  await bob.page.context().close();
});
