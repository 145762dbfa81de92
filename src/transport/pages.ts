// The few server-rendered pages (sign-in form, "not allowed"): one escaped layout, and the one rule for where
// a `next` parameter may send the browser.
import { escapeHtml } from '../domain/markup/escape.js';

/** A complete page. `body` must already be escaped HTML. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Parakeet</title>
<style>
body { font: 1rem/1.5 system-ui, sans-serif; max-width: 24rem; margin: 4rem auto; padding: 0 1rem; color: #1a1a1a; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; }
button { margin-top: 1.5rem; padding: .5rem 1.25rem; font: inherit; }
[role=alert] { color: #a00; font-weight: 600; }
:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const BASE = 'http://parakeet.invalid';

/**
 * A same-site path to go to after signing in, or '/'. Refused: anything not starting with a single '/', since
 * '//host' and '/\host' are other hosts to a browser; backslashes and control characters anywhere.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2048 || !/^\/(?![/\\])/.test(next) || /[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  const url = new URL(next, BASE);
  return url.origin === BASE ? url.pathname + url.search + url.hash : '/';
}
