// Bracketed links: [[Article]], [[Article|label]], [https://url label], [https://url].

import { escapeHtml } from './escape.js';
import { kbHref, safeHref } from './href.js';

const EXTERNAL_ATTRS = 'rel="nofollow noopener noreferrer ugc" target="_blank"';

export function externalAnchor(href: string, labelHtml: string): string {
  return `<a href="${escapeHtml(href)}" ${EXTERNAL_ATTRS}>${labelHtml}</a>`;
}

export function internalAnchor(href: string, labelHtml: string): string {
  return `<a href="${escapeHtml(href)}">${labelHtml}</a>`;
}

export interface BracketLink {
  kind: 'link';
  external: boolean;
  href: string;
  /** Raw label text; it may carry bold/italic but never another link. */
  label: string;
  /** The label is the bare target or URL, shown as typed with no markup. */
  plainLabel: boolean;
}

// A target that is really a URL makes `[[https://x]]` read as `[` + external link + `]`, as in MediaWiki.
const URL_LIKE = /^(?:[a-z][a-z\d+.-]*:\/\/|mailto:)/i;
// MediaWiki's external URL class: no brackets, no quotes or angle brackets (and no whitespace).
const EXTERNAL = /^([^\s[\]<>"]+)(?:\s+([\s\S]*))?$/;

function internal(inner: string, template: string): BracketLink | null {
  const bar = inner.indexOf('|');
  const target = (bar < 0 ? inner : inner.slice(0, bar)).trim();
  if (target === '' || URL_LIKE.test(target)) return null;
  const href = kbHref(template, target);
  if (href === null) return null;
  const label = bar < 0 ? '' : inner.slice(bar + 1).trim();
  return { kind: 'link', external: false, href, label: label || target, plainLabel: label === '' };
}

function external(inner: string): BracketLink | null {
  const match = EXTERNAL.exec(inner);
  const href = match && safeHref(match[1]);
  if (!match || !href) return null;
  const label = (match[2] ?? '').trim();
  return { kind: 'link', external: true, href, label: label || href, plainLabel: label === '' };
}

/** Index of the first `[` or `]` at or after `from` (or the line's length). */
function nextBracket(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    if (ch === '[' || ch === ']') return i;
  }
  return line.length;
}

/**
 * The link starting at `line[at] === '['`, if any. Contents stop at the next bracket, so a
 * failed attempt only scans up to the next `[` — the next candidate — keeping the line scan linear.
 */
export function bracketLinkAt(line: string, at: number, template: string): { link: BracketLink; end: number } | null {
  if (line[at + 1] === '[') {
    const end = nextBracket(line, at + 2);
    if (line[end] !== ']' || line[end + 1] !== ']') return null;
    const link = internal(line.slice(at + 2, end), template);
    return link && { link, end: end + 2 };
  }
  const end = nextBracket(line, at + 1);
  if (line[end] !== ']') return null;
  const link = external(line.slice(at + 1, end));
  return link && { link, end: end + 1 };
}
