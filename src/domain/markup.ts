// The chat message formatter: the inline wiki markup of Django/MediaWiki knowledge bases
// ('''bold''', ''italic'', [[Article|label]], [https://url label], bare URLs, newlines) to an
// HTML fragment. Every character of user text is escaped; the only tags produced are
// <strong>, <em>, <br> and <a> with an http(s) or mailto href. Markup never spans lines.

import { autolink } from './markup/autolink.js';
import { renderEmphasis } from './markup/emphasis.js';
import { escapeHtml } from './markup/escape.js';
import { assertKbTemplate } from './markup/href.js';
import { externalAnchor, internalAnchor, type BracketLink } from './markup/links.js';
import { tokenize, type Text } from './markup/tokens.js';

export { escapeHtml };

export interface MarkupOptions {
  /** Knowledge-base article URL template; `{title}` is replaced by the URL-encoded article title (spaces as underscores, MediaWiki style). Example: 'https://support.example.org/kb/{title}' */
  kbUrlTemplate: string;
}

function renderLabel(link: BracketLink): string {
  if (link.plainLabel) return escapeHtml(link.label);
  // Links never nest, so a label gets bold/italic but no links and no autolinking.
  return renderEmphasis(tokenize(link.label, null), (t: Text) => escapeHtml(t.text));
}

function renderAtom(token: Text | BracketLink): string {
  if (token.kind === 'text') return autolink(token.text);
  const anchor = token.external ? externalAnchor : internalAnchor;
  return anchor(token.href, renderLabel(token));
}

/** Throws a TypeError when `kbUrlTemplate` is not an absolute http(s) URL containing `{title}`. */
export function renderMarkup(raw: string, options: MarkupOptions): string {
  assertKbTemplate(options.kbUrlTemplate);
  return raw
    .split(/\r\n|\r|\n/)
    .map((line) => renderEmphasis(tokenize(line, options.kbUrlTemplate), renderAtom))
    .join('<br>');
}
