// Bare URLs and e-mail addresses in plain text, found by linkifyjs (which also leaves trailing
// punctuation out of the link).

import * as linkify from 'linkifyjs';
import { escapeHtml } from './escape.js';
import { safeHref } from './href.js';
import { externalAnchor } from './links.js';

export function autolink(text: string): string {
  let html = '';
  let last = 0;
  for (const found of linkify.find(text)) {
    const href = safeHref(found.href);
    if (href === null) continue;
    html += escapeHtml(text.slice(last, found.start)) + externalAnchor(href, escapeHtml(found.value));
    last = found.end;
  }
  return html + escapeHtml(text.slice(last));
}
