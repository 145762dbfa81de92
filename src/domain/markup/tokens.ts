// Splits one line into text, apostrophe runs and (optionally) bracketed links.

import type { Quotes } from './emphasis.js';
import { bracketLinkAt, type BracketLink } from './links.js';

export interface Text {
  kind: 'text';
  text: string;
}

export type Token = Text | Quotes | BracketLink;

/** With a `template`, bracketed links are recognised; without one (inside a link label) they are text. */
export function tokenize(line: string, template: string): Token[];
export function tokenize(line: string, template: null): (Text | Quotes)[];
export function tokenize(line: string, template: string | null): Token[] {
  const tokens: Token[] = [];
  let textStart = 0;
  const flush = (end: number): void => {
    if (end > textStart) tokens.push({ kind: 'text', text: line.slice(textStart, end) });
  };
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === "'" && line[i + 1] === "'") {
      let end = i + 2;
      while (line[end] === "'") end++;
      flush(i);
      tokens.push({ kind: 'quotes', count: end - i });
      i = textStart = end;
      continue;
    }
    const found = ch === '[' && template !== null ? bracketLinkAt(line, i, template) : null;
    if (found) {
      flush(i);
      tokens.push(found.link);
      i = textStart = found.end;
      continue;
    }
    i++;
  }
  flush(line.length);
  return tokens;
}
