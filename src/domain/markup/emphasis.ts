// Bold/italic from runs of apostrophes, MediaWiki style: '' italic, ''' bold, ''''' both.
// Runs are paired per kind in order of appearance (1st opens, 2nd closes, ...); an odd last
// run of a kind has no partner and renders literally. Pairing first and rendering second keeps
// this linear, and a misnested close (''' a '' b ''' c '') is rendered by closing the inner
// tag and reopening it, so the HTML is always well nested.

import { escapeHtml } from './escape.js';

export interface Quotes {
  kind: 'quotes';
  /** Length of the apostrophe run, at least 2. */
  count: number;
}

type Tag = 'strong' | 'em';

interface Step {
  /** Apostrophes that stay text; they sit at the left of the run. */
  literal: number;
  close: Tag[];
  open: { tag: Tag; closeAt: number }[];
}

/** What a run means: 4 is `'` + bold, more than 5 is literal apostrophes + bold italic. */
function decompose(count: number): { literal: number; tags: Tag[] } {
  if (count === 2) return { literal: 0, tags: ['em'] };
  if (count === 3) return { literal: 0, tags: ['strong'] };
  if (count === 4) return { literal: 1, tags: ['strong'] };
  return { literal: count - 5, tags: ['strong', 'em'] };
}

function plan(tokens: readonly { kind: string }[]): Map<number, Step> {
  const steps = new Map<number, Step>();
  const runs: Record<Tag, number[]> = { strong: [], em: [] };
  tokens.forEach((token, at) => {
    if (!isQuotes(token)) return;
    const { literal, tags } = decompose(token.count);
    steps.set(at, { literal, close: [], open: [] });
    for (const tag of tags) runs[tag].push(at);
  });
  for (const tag of ['strong', 'em'] as const) {
    const at = runs[tag];
    for (let n = 0; n + 1 < at.length; n += 2) {
      steps.get(at[n])!.open.push({ tag, closeAt: at[n + 1] });
      steps.get(at[n + 1])!.close.push(tag);
    }
    if (at.length % 2 === 1) steps.get(at[at.length - 1])!.literal += tag === 'strong' ? 3 : 2;
  }
  // Of two tags opened together, the one that closes later goes outside (stable: bold wins ties).
  for (const step of steps.values()) step.open.sort((a, b) => b.closeAt - a.closeAt);
  return steps;
}

function isQuotes(token: { kind: string }): token is Quotes {
  return token.kind === 'quotes';
}

/** Closes `tags`, closing and afterwards reopening whatever was opened inside them. */
function close(stack: Tag[], tags: Tag[]): string {
  let html = '';
  const pending = new Set(tags);
  const reopen: Tag[] = [];
  while (pending.size > 0) {
    const top = stack.pop()!;
    html += `</${top}>`;
    if (!pending.delete(top)) reopen.unshift(top);
  }
  for (const tag of reopen) {
    html += `<${tag}>`;
    stack.push(tag);
  }
  return html;
}

export function renderEmphasis<T extends { kind: string }>(
  tokens: readonly (Quotes | T)[],
  renderOther: (token: T) => string,
): string {
  const steps = plan(tokens);
  const stack: Tag[] = [];
  let html = '';
  tokens.forEach((token, at) => {
    if (!isQuotes(token)) {
      html += renderOther(token as T);
      return;
    }
    const step = steps.get(at)!;
    html += escapeHtml("'".repeat(step.literal)) + close(stack, step.close);
    for (const { tag } of step.open) {
      html += `<${tag}>`;
      stack.push(tag);
    }
  });
  return html;
}
