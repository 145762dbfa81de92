// Shared by the browser tests: one Chromium for the whole file (several contexts at once), a real server serving
// web/dist, sign-in through the public API, axe-core, screenshots and a watch for dialogs and console errors.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.PARAKEET_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const SHOTS = join(process.cwd(), 'artifacts', 'screenshots');

/** Why the browser tests cannot run here, or null. Without Chromium they skip, except under CI=true where they fail. */
export function skipReason(): string | null {
  if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html'))) return 'web/dist is missing: run `npm run build:web` first';
  if (existsSync(CHROMIUM)) return null;
  if (process.env.CI === 'true') throw new Error(`Chromium is missing at ${CHROMIUM} (CI=true: the browser tests must run)`);
  return `Chromium is missing at ${CHROMIUM}: apt-get install -y chromium (or set PARAKEET_CHROMIUM)`;
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A new browser context signed in as `name` (dev login, created on first use; a helper). */
export async function signedIn(
  browser: Browser,
  base: string,
  name: string,
  options: { locale?: string; viewport?: { width: number; height: number }; isMobile?: boolean; hasTouch?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: base,
    locale: options.locale ?? 'en-US',
    viewport: options.viewport ?? { width: 1280, height: 800 },
    isMobile: options.isMobile ?? false,
    hasTouch: options.hasTouch ?? false,
  });
  if (name) {
    const me = await (await context.request.get('/api/me')).json();
    const res = await context.request.post('/api/dev/login', { data: { name }, headers: { 'x-csrf-token': me.csrfToken } });
    if (!res.ok()) throw new Error(`dev login of ${name} answered ${res.status()}`);
  }
  return context;
}

/** Records what must never happen on a page: dialogs (alert from a payload), page errors, console errors. */
export function watch(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // Resource failures while the test cuts the network or restarts the server are expected.
    if (m.type() === 'error' && !/Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|WebSocket connection/.test(m.text())) {
      problems.push(`console error: ${m.text()}`);
    }
  });
  return { problems };
}

const AXE = readFileSync(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.x A and AA rules) and returns the serious and critical violations, described. Frames are
 * checked too (axe is injected into each, so the widget's panel is checked inside the host page). */
export async function axe(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the pages' CSP forbids inline scripts, rightly.
  for (const frame of page.frames()) {
    await frame.evaluate(AXE);
    // axe skips frames of another origin unless told otherwise (the widget's frame is another origin than its host).
    // @ts-expect-error axe is injected above
    await frame.evaluate(() => window.axe.configure({ allowedOrigins: ['<unsafe_all_origins>'] }));
  }
  const violations = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return (result.violations as Array<{ id: string; impact: string; help: string; nodes: Array<{ target: unknown }> }>).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`);
}

/** Screenshots of the page as it is, light and dark, desktop and phone width: artifacts/screenshots/<name>-*.png. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const original = page.viewportSize();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [device, size] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
      await page.setViewportSize(size);
      await page.waitForTimeout(50);
      await page.screenshot({ path: join(SHOTS, `${name}-${scheme}-${device}.png`), fullPage: false });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (original) await page.setViewportSize(original);
}

/** Marks the test skipped with the reason when the browser tests cannot run. */
export function skipIfNoBrowser(t: TestContext): boolean {
  const reason = skipReason();
  if (reason) t.skip(reason);
  return reason !== null;
}
