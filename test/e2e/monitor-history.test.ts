// The monitor dashboard's charts come from the server's history (support_stats), not from what the page has seen:
// chats stored before the page opened show in the queue length, the waits, chats per helper, the survey scores and
// the table of the day, with axe-core finding nothing serious.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { newId } from '../../src/server.js';
import type { SupportChat } from '../../src/storage/store.js';
import { ChatClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { axe, launch, screenshots, signedIn, skipReason, watch } from './harness.js';

const skip = skipReason();
let server: TestServer;
let browser: Browser;
// The server's clock reads 12:00 UTC today (and runs on), so the seeded morning falls in "today" whenever this runs.
const noon = (() => {
  const d = new Date();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12);
})();
const offset = noon - Date.now();
const MIN = 60_000;
const at = (minutes: number) => noon + minutes * MIN;

before(async () => {
  if (skip) return;
  server = await startTestServer({}, { now: () => Date.now() + offset });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the monitor charts draw the day from the server: queue length, waits, chats per helper, survey scores', { skip: skip ?? false }, async () => {
  const { store } = server.services;
  await store.createUser({ id: 'hist-hal', name: 'histhal', displayName: 'Hal Helper', source: 'local', roles: ['helper'], createdAt: at(-600) });
  await store.createUser({ id: 'hist-gus', name: 'histgus', displayName: 'Gus', source: 'guest', roles: ['guest'], createdAt: at(-600) });
  const row = (queued: number, assigned: number | null, ended: number | null): SupportChat => ({
    id: newId(),
    roomId: null,
    guestId: 'hist-gus',
    helperId: assigned === null ? null : 'hist-hal',
    state: ended !== null ? 'ended' : assigned !== null ? 'active' : 'queued',
    question: 'q',
    metadata: {},
    queuedAt: at(queued),
    assignedAt: assigned === null ? null : at(assigned),
    endedAt: ended === null ? null : at(ended),
    endedBy: null,
    endReason: null,
  });
  const chats = [row(-120, -110, -90), row(-100, -80, null), row(-95, null, -85), row(-30, null, null)];
  for (const chat of chats) await store.createSupportChat(chat);
  await store.staff.answerSurvey(chats[0].id, 2, '', at(-85));
  await store.staff.answerSurvey(newId(), 4, '', at(-60));

  await store.updateUser((await ChatClient.dev(server.url, 'histmon')).user.id, { roles: ['monitor'] });
  const context = await signedIn(browser, server.url, 'histmon');
  const page = await context.newPage();
  const { problems } = watch(page);
  await page.goto('/monitor');

  // Queue: 1, 0, 1, 2, 1, 0, then 1 still waiting.
  await page.getByTestId('history-queue-summary').filter({ hasText: 'longest 2, now 1' }).waitFor();
  const line = (await page.getByTestId('history-queue-line').getAttribute('d')) ?? '';
  assert.equal(line.match(/V/g)?.length, 7, line);
  assert.match(
    (await page.getByTestId('history-wait-summary').textContent()) ?? '',
    /^2 served, mean wait 15 min, longest 20 min; 1 left without a helper, 1 still waiting$/,
  );
  assert.equal(await page.getByTestId('history-waits').locator('.wait-dot').count(), 4);
  const helperRow = page.getByTestId('history-helper-table').locator('tbody tr');
  // Hal took two chats, one still in progress: handled 20 min plus 80 min and counting.
  const [name, count, active, handling] = await helperRow.locator('td').allTextContents();
  assert.deepEqual([name, count, active], ['Hal Helper', '2', '1']);
  assert.ok(Number(handling.replace(' min', '')) >= 100, handling);
  assert.match((await page.getByTestId('history-helpers').locator('svg').getAttribute('aria-label')) ?? '', /Hal Helper: 2 chats/);
  await page.getByTestId('survey-average').filter({ hasText: 'average 3.0 of 5 over 2 answers' }).waitFor();
  assert.match((await page.getByTestId('history-window').textContent()) ?? '', /\(UTC\)/);

  // The day as a table: one row per hour up to now (12:xx), the 10:00 hour with the longest queue.
  await page.getByText('The period as a table').click();
  const table = page.getByTestId('history-table');
  assert.equal(await table.locator('tbody tr').count(), 13);
  const [hour, ...cells] = await table.locator('tbody tr').nth(10).locator('th, td').allTextContents();
  assert.match(hour, /^10:00/);
  assert.deepEqual(cells, ['3', '2', '15 min', '2']);

  assert.deepEqual(await axe(page), []);
  await screenshots(page, 'monitor-history');
  assert.deepEqual(problems, []);
});
