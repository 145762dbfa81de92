// The whole support journey in one browser with several contexts at once: two anonymous guests ask; a helper gets
// both offers, accepts, and works them in tabs (typing, markup, a canned response by /code + Tab, tags automatic and
// manual, a private note, follow-up); a trainee is invited; a monitor watches, whispers (the guest never sees it),
// takes over, speaks and hands back; the chat is transferred to a second helper who ends it; the guest answers the
// survey and gets the forum link; the monitor finds the transcript and reads it all. Then a guest signed in to
// Django is greeted by name. axe-core and screenshots on every screen on the way.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { GlobalRole } from '../../src/domain/types.js';
import { newId } from '../../src/server.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { djangoUnavailable, generatedSite } from '../identity/django-site.js';
import { axe, launch, screenshots, signedIn, skipReason, watch } from './harness.js';

const skip = skipReason();
let server: TestServer;
let browser: Browser;
const problems: string[][] = [];

const RULES = JSON.stringify([{ tag: 'crash', patterns: ['\\bcrash(es|ed)?\\b'] }]);
const FORUM = 'https://forum.example.org/new?title={question}';

before(async () => {
  if (skip) return;
  server = await startTestServer({ tagRules: RULES, forumUrlTemplate: FORUM });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function account(name: string, roles: GlobalRole[]): Promise<void> {
  await server.services.store.createUser({ id: newId(), name, displayName: name, source: 'local', roles, createdAt: Date.now() });
}

async function open(name: string, path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await signedIn(browser, server.url, name, viewport ? { viewport } : {});
  const page = await context.newPage();
  problems.push(watch(page).problems);
  await page.goto(path);
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

async function ask(page: Page, question: string, name: string): Promise<void> {
  await page.getByLabel('Your question').fill(question);
  await page.getByLabel('Your name (optional)').fill(name);
  await page.getByRole('button', { name: 'Ask a helper' }).click();
  await page.locator('.waiting').waitFor();
}

const noSerious = async (page: Page, screen: string) => assert.deepEqual(await axe(page), [], `axe on ${screen}`);

test('support journey: two guests, offers, tabs, canned, tags, notes, invite, monitor tools, transfer, end, survey, transcript', { skip: skip ?? false }, async (t) => {
  const docs = await (await fetch(`${server.url}/docs/json`)).json();
  if (!docs.paths['/api/staff_whisper'] || !docs.paths['/api/guest']) return t.skip('the server has no staff features or guest sign-in yet');
  await account('mona', ['monitor', 'helper']);
  await account('tina', ['trainee']);

  const hana = await open('hana', '/helper');
  await hana.getByRole('heading', { name: 'Support' }).waitFor();
  await hana.getByTestId('duty').selectOption('available');
  // New helpers start with one chat at a time: Hana takes up to three.
  await hana.getByLabel('My chat limit').fill('3');
  await hana.getByLabel('My chat limit').press('Tab');
  await hana.waitForFunction(() => (document.querySelector('input[type=number]') as HTMLInputElement | null)?.value === '3');
  // A canned response of her own, saved from the panel.
  await hana.getByText('Canned responses', { exact: true }).click();
  await hana.getByLabel('Short code').fill('crashid');
  await hana.getByLabel('Title').fill('Crash ID');
  await hana.getByLabel('Text', { exact: true }).fill("Please open ''about:crashes'' and paste the newest crash ID.");
  await hana.getByRole('button', { name: 'Save response' }).click();
  await hana.locator('[data-canned="crashid"]').waitFor();
  await hana.getByText('Canned responses', { exact: true }).click();

  const gail = await open('', '/?product=Firefox&version=128&os=Windows%2011&addons=uBlock,NoScript');
  await ask(gail, 'Firefox crashes when I open a PDF', 'Gail');
  const gus = await open('', '/?product=Thunderbird', { width: 390, height: 844 });
  await ask(gus, 'How do I move my mail folder?', 'Gus');

  // Both offers reach Hana, with the question and the details; she accepts both.
  const offerGail = hana.locator('.offer', { hasText: 'Firefox crashes when I open a PDF' });
  await offerGail.waitFor({ timeout: 15_000 });
  assert.match((await offerGail.textContent()) ?? '', /Firefox.*128.*Windows 11.*uBlock, NoScript/s);
  await offerGail.getByRole('button', { name: 'Accept' }).click();
  await gail.getByRole('heading', { name: 'You are chatting with hana.' }).waitFor({ timeout: 15_000 });
  const offerGus = hana.locator('.offer', { hasText: 'How do I move my mail folder?' });
  await offerGus.waitFor({ timeout: 15_000 });
  await offerGus.getByRole('button', { name: 'Accept' }).click();
  await gus.getByRole('heading', { name: 'You are chatting with hana.' }).waitFor({ timeout: 15_000 });

  // Two tabs; Gus writes while Hana looks at Gail: his tab counts it.
  const tabs = hana.getByRole('navigation', { name: 'Support chats' });
  await tabs.getByRole('button', { name: /Gail/ }).waitFor();
  await tabs.getByRole('button', { name: /Gus/ }).waitFor();
  await tabs.getByRole('button', { name: /Gail/ }).click();
  await hana.getByTestId('question').filter({ hasText: 'Firefox crashes when I open a PDF' }).waitFor();
  await say(gus, 'Are you there?');
  await tabs.getByRole('button', { name: /Gus.*1 unread/ }).waitFor();

  // The metadata panel: question, product, version, OS, parsed browser, add-ons; the automatic tag.
  const tools = hana.getByRole('complementary', { name: 'Chat tools' });
  for (const text of ['Firefox', '128', 'Windows 11', 'uBlock, NoScript', 'Chrome']) await tools.locator('.metadata').getByText(text, { exact: false }).first().waitFor();
  await tools.locator('[data-tag="crash"]', { hasText: 'automatic' }).waitFor();

  // Both ways, with typing and markup.
  await hana.getByLabel('Message', { exact: true }).pressSequentially("Hello Gail, '''let us''' look", { delay: 5 });
  await gail.getByText('hana is typing…').waitFor();
  await hana.getByLabel('Message', { exact: true }).press('Enter');
  await gail.locator('.msg strong', { hasText: 'let us' }).waitFor();
  await say(gail, "It started ''yesterday''");
  await hana.locator('.msg em', { hasText: 'yesterday' }).waitFor();

  // A canned response by short code + Tab.
  const box = hana.getByLabel('Message', { exact: true });
  await box.fill('/crash');
  await hana.getByRole('button', { name: '/crashid · Crash ID' }).waitFor();
  await box.press('Tab');
  assert.match(await box.inputValue(), /^Please open ''about:crashes''/);
  await box.press('Enter');
  await gail.locator('.msg em', { hasText: 'about:crashes' }).waitFor();

  // A manual tag, a private note, needs follow-up.
  await tools.getByLabel('New tag').fill('pdf');
  await tools.getByRole('button', { name: 'Add tag' }).click();
  await tools.locator('[data-tag="pdf"]').waitFor();
  await tools.getByLabel(/Note or whisper for staff/).fill('Probably the PDF viewer');
  await tools.getByRole('button', { name: 'Add private note' }).click();
  await hana.locator('.msg.staff-note', { hasText: 'Probably the PDF viewer' }).waitFor();
  await tools.getByLabel('Needs follow-up').check();

  // A trainee is invited into the chat.
  await tools.getByLabel('Name of the helper or trainee').fill('tina');
  await tools.getByRole('button', { name: 'Invite tina to this chat' }).click();
  await hana.locator('[data-member="tina"]').waitFor();
  await noSerious(hana, 'helper support chat');
  await screenshots(hana, 'helper-support-chat');

  // The monitor: watch, whisper (Hana sees it marked, Gail never), take over, speak, hand back.
  const mona = await open('mona', '/monitor');
  const row = mona.locator('li[data-chat]', { hasText: 'Gail' });
  await row.waitFor({ timeout: 10_000 });
  await row.getByRole('button', { name: 'Watch' }).click();
  await mona.getByTestId('watch-pane').locator('.msg', { hasText: 'about:crashes' }).waitFor();
  await row.getByLabel(/Whisper in/).fill('Ask which PDF viewer add-on');
  await row.getByRole('button', { name: 'Whisper', exact: true }).click();
  await hana.locator('.msg.staff-only', { hasText: 'Ask which PDF viewer add-on' }).waitFor();
  assert.match((await hana.locator('.msg.staff-only', { hasText: 'Ask which PDF viewer add-on' }).textContent()) ?? '', /Whisper · staff only/);
  await row.getByRole('button', { name: 'Dispatch log' }).click();
  await mona.locator('.log', { hasText: 'accepted' }).first().waitFor();
  await noSerious(mona, 'monitor watching');
  await mona.getByTestId('watch-pane').scrollIntoViewIfNeeded();
  await screenshots(mona, 'monitor-watch');

  await row.getByRole('button', { name: 'Take over' }).click();
  await hana.getByText('You are no longer a member of this room.').waitFor();
  const pane = mona.getByTestId('watch-pane');
  await pane.getByLabel('Message', { exact: true }).fill('Hi Gail, I am the shift lead');
  await pane.getByLabel('Message', { exact: true }).press('Enter');
  await gail.locator('.msg', { hasText: 'I am the shift lead' }).waitFor();
  await row.getByLabel(/Hand back .* to/).selectOption({ label: 'hana' });
  await row.getByRole('button', { name: 'Hand back' }).click();
  await hana.getByText('You are no longer a member of this room.').waitFor({ state: 'detached' });
  await row.getByRole('button', { name: 'Action log' }).click();
  for (const action of ['watch', 'whisper', 'takeover', 'handback']) await mona.getByTestId('action-log').locator('strong', { hasText: action }).first().waitFor();

  // The guest saw the helper and the monitor speak, never the whisper, the note or the silent watch.
  await say(hana, 'Back with you, Gail');
  await gail.locator('.msg', { hasText: 'Back with you, Gail' }).waitFor();
  const seen = (await gail.locator('.timeline').textContent()) ?? '';
  for (const secret of ['Ask which PDF viewer add-on', 'Probably the PDF viewer', 'mona joined as watcher']) assert.ok(!seen.includes(secret), `the guest sees "${secret}"`);
  assert.equal(await gail.locator('[data-audience="staff"]').count(), 0);

  // Transfer to Hugo (on duty) with a comment; he accepts and ends the chat as solved.
  const hugo = await open('hugo', '/helper');
  await hugo.getByTestId('duty').selectOption('available');
  await tools.getByLabel('Comment for the next helper').fill('PDF viewer crash, crash ID asked');
  await tools.getByTestId('transfer-to').locator('option', { hasText: 'hugo' }).waitFor({ state: 'attached', timeout: 10_000 });
  await tools.getByTestId('transfer-to').selectOption({ label: (await tools.getByTestId('transfer-to').locator('option', { hasText: 'hugo' }).textContent())! });
  await tools.getByRole('button', { name: 'Transfer' }).click();
  const transfer = hugo.locator('.offer', { hasText: 'PDF viewer crash, crash ID asked' });
  await transfer.waitFor({ timeout: 15_000 });
  await transfer.getByRole('button', { name: 'Accept' }).click();
  await hugo.getByRole('complementary', { name: 'Chat tools' }).waitFor();
  await hugo.locator('.msg', { hasText: 'Back with you, Gail' }).waitFor();
  await say(hugo, 'Hugo here, I will finish this');
  await gail.locator('.msg', { hasText: 'Hugo here' }).waitFor();
  const hugoTools = hugo.getByRole('complementary', { name: 'Chat tools' });
  await hugoTools.getByLabel('Reason').selectOption('solved');
  await hugoTools.getByRole('button', { name: 'End chat' }).click();

  // The survey, then the forum link.
  await gail.getByRole('heading', { name: 'The chat has ended.' }).waitFor({ timeout: 15_000 });
  await gail.getByLabel('4 out of 5').check();
  await gail.getByLabel('Yes').check();
  await gail.getByLabel('Anything else to tell us? (optional)').fill('Quick and kind');
  await noSerious(gail, 'guest survey');
  await screenshots(gail, 'guest-survey');
  await gail.getByRole('button', { name: 'Send feedback' }).click();
  await gail.getByText('Thank you for your feedback.').waitFor();
  assert.match((await gail.getByTestId('forum-link').getAttribute('href')) ?? '', /^https:\/\/forum\.example\.org\/new\?title=Firefox%20crashes/);
  await screenshots(gail, 'guest-ended');

  // Gus ends his own chat.
  await gus.getByRole('button', { name: 'End chat' }).click();
  await gus.getByRole('heading', { name: 'The chat has ended.' }).waitFor();

  // The monitor finds the transcript by text and reads it: messages, the whisper and the note marked, tags, survey.
  await mona.getByLabel('Text in the question or messages').fill('crash ID');
  await mona.getByRole('button', { name: 'Search', exact: true }).click();
  const found = mona.getByTestId('transcripts').locator('tr', { hasText: 'Firefox crashes when I open a PDF' });
  await found.waitFor();
  assert.equal(await mona.getByTestId('transcripts').locator('tbody tr').count(), 1);
  await mona.getByLabel('Tag', { exact: true }).fill('pdf');
  await mona.getByLabel('Text in the question or messages').fill('');
  await mona.getByRole('button', { name: 'Search', exact: true }).click();
  await mona.getByText('1 chats found.').waitFor();
  await found.getByRole('button', { name: 'View here' }).click();
  const transcript = mona.getByTestId('transcript');
  await transcript.locator('.msg', { hasText: 'Hugo here' }).waitFor();
  assert.match((await transcript.locator('.msg.staff-only', { hasText: 'Ask which PDF viewer add-on' }).textContent()) ?? '', /staff only/);
  await transcript.locator('.msg.staff-note', { hasText: 'Probably the PDF viewer' }).waitFor();
  assert.match((await transcript.getByTestId('transcript-tags').textContent()) ?? '', /crash \(automatic\).*pdf|pdf.*crash \(automatic\)/);
  assert.match((await transcript.getByTestId('transcript-survey').textContent()) ?? '', /4 out of 5.*Quick and kind/);
  const href = await transcript.getByRole('link', { name: 'Open the transcript page' }).getAttribute('href');
  const html = await (await mona.context().request.get(href!)).text();
  for (const text of ['Firefox crashes when I open a PDF', 'Ask which PDF viewer add-on', 'Quick and kind', 'pdf']) assert.ok(html.includes(text), `transcript page has ${text}`);
  await mona.getByRole('button', { name: 'Refresh' }).click();
  await mona.getByTestId('survey-average').filter({ hasText: 'average 4.0 of 5 over 1 answers' }).waitFor();
  await noSerious(mona, 'monitor transcript');
  await transcript.scrollIntoViewIfNeeded();
  await screenshots(mona, 'monitor-transcript');

  // Sign out from the console: back to the sign-in page.
  await hugo.getByTestId('sign-out').click();
  await hugo.waitForURL(/\/login/);
  assert.deepEqual(problems.flat(), []);
  for (const page of [hana, hugo, mona, gail, gus]) await page.context().close();
});

const noDjango = skip ?? djangoUnavailable();

test('a guest signed in to Django asks and is greeted by name', { skip: noDjango ?? false }, async () => {
  const generated = generatedSite();
  const site = generated.copy();
  const django = await startTestServer({}, { providers: { django: site.config } });
  try {
    const helperContext = await signedIn(browser, django.url, 'hal');
    const helper = await helperContext.newPage();
    await helper.goto('/helper');
    await helper.getByTestId('duty').selectOption('available');
    const context = await browser.newContext({ baseURL: django.url });
    await context.addCookies([{ name: 'sessionid', value: site.key('plain_user'), url: django.url }]);
    const guest = await context.newPage();
    const { problems: guestProblems } = watch(guest);
    await guest.goto('/');
    await guest.getByTestId('greeting').filter({ hasText: 'Hello, plain!' }).waitFor();
    assert.equal(await guest.getByLabel('Your name (optional)').count(), 0);
    await noSerious(guest, 'guest signed in to Django');
    await screenshots(guest, 'guest-django');
    await guest.getByLabel('Your question').fill('Signed in, where are my add-ons?');
    await guest.getByRole('button', { name: 'Ask a helper' }).click();
    const offer = helper.locator('.offer', { hasText: 'Signed in, where are my add-ons?' });
    await offer.getByRole('heading', { name: 'Incoming request: plain' }).waitFor({ timeout: 15_000 });
    await offer.getByRole('button', { name: 'Accept' }).click();
    await say(helper, 'Hello plain, welcome back');
    await guest.locator('.msg', { hasText: 'Hello plain, welcome back' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(guestProblems, []);
    await context.close();
    await helperContext.close();
  } finally {
    await django.close();
    site.close();
    generated.close();
  }
});
