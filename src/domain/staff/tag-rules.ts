// Automatic chat tags: configured rules (PARAKEET_TAG_RULES) matched against what a guest tells us. Rules are
// checked and compiled once at start; a bad one stops the server with a message naming it.
//
//   [{"tag": "mac", "keywords": ["macos", "os x"], "fields": ["os", "question"]},
//    {"tag": "crash", "patterns": ["crash(es|ed)?\\b", "\\bhangs?\\b"]}]

export const TAG_FIELDS = ['question', 'message', 'metadata', 'os'] as const;
export type TagField = (typeof TAG_FIELDS)[number];

export interface TagRule {
  tag: string;
  /** Lower-cased substrings. */
  keywords: string[];
  patterns: RegExp[];
  fields: readonly TagField[];
}

/** What one match runs over; absent fields are skipped. */
export type TagInput = Partial<Record<TagField, string>>;

export const TAG_PATTERN = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;
const MAX_PATTERN_LENGTH = 200;
const MAX_RULES = 200;
/** Longer texts are matched on their start only, so no input makes matching slow. */
const MAX_INPUT = 10_000;
/** A quantified group that itself contains a quantifier, e.g. (a+)+ or (\w*x)*: exponential backtracking. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d+,?\d*\})/;
/** A backreference, which no bound on input length keeps linear. */
const BACKREFERENCE = /\\[1-9]|\\k</;

export class TagRuleError extends Error {}

/** Parses and compiles PARAKEET_TAG_RULES. Throws TagRuleError naming the bad rule. */
export function parseTagRules(json: string): TagRule[] {
  if (json.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new TagRuleError(`not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new TagRuleError('expected a JSON list of rules');
  if (raw.length > MAX_RULES) throw new TagRuleError(`at most ${MAX_RULES} rules`);
  return raw.map((r: unknown, i) => compileRule(r, `rule ${i + 1}`));
}

function compileRule(raw: unknown, where: string): TagRule {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new TagRuleError(`${where}: expected an object`);
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!['tag', 'keywords', 'patterns', 'fields'].includes(key)) throw new TagRuleError(`${where}: unknown key "${key}"`);
  }
  if (typeof r.tag !== 'string' || !TAG_PATTERN.test(r.tag)) throw new TagRuleError(`${where}: "tag" must match ${TAG_PATTERN}`);
  const named = `${where} (${r.tag})`;
  const keywords = strings(r.keywords, `${named}: "keywords"`).map((k) => k.toLowerCase());
  const patterns = strings(r.patterns, `${named}: "patterns"`).map((p) => compilePattern(p, named));
  if (keywords.length === 0 && patterns.length === 0) throw new TagRuleError(`${named}: needs "keywords" or "patterns"`);
  const fields = r.fields === undefined ? TAG_FIELDS : strings(r.fields, `${named}: "fields"`);
  for (const f of fields) if (!(TAG_FIELDS as readonly string[]).includes(f)) throw new TagRuleError(`${named}: unknown field "${f}" (one of ${TAG_FIELDS.join(', ')})`);
  return { tag: r.tag, keywords, patterns, fields: fields as TagField[] };
}

function strings(value: unknown, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) throw new TagRuleError(`${what} must be a list of non-empty strings`);
  return value as string[];
}

function compilePattern(source: string, where: string): RegExp {
  if (source.length > MAX_PATTERN_LENGTH) throw new TagRuleError(`${where}: pattern longer than ${MAX_PATTERN_LENGTH} characters`);
  if (NESTED_QUANTIFIER.test(source)) throw new TagRuleError(`${where}: pattern /${source}/ nests quantifiers (slow on some inputs)`);
  if (BACKREFERENCE.test(source)) throw new TagRuleError(`${where}: pattern /${source}/ uses a backreference`);
  try {
    return new RegExp(source, 'iu');
  } catch (error) {
    throw new TagRuleError(`${where}: invalid pattern /${source}/: ${(error as Error).message}`);
  }
}

/** The tags whose rules match the input, in rule order, each once. */
export function matchTags(rules: readonly TagRule[], input: TagInput): string[] {
  const tags = new Set<string>();
  for (const rule of rules) {
    if (tags.has(rule.tag)) continue;
    const hit = rule.fields.some((field) => {
      const text = input[field]?.slice(0, MAX_INPUT);
      if (!text) return false;
      const lower = text.toLowerCase();
      return rule.keywords.some((k) => lower.includes(k)) || rule.patterns.some((p) => p.test(text));
    });
    if (hit) tags.add(rule.tag);
  }
  return [...tags];
}

/**
 * The tag input of a chat's question and metadata: `metadata` is every scalar detail as "key: value" lines,
 * `os` the operating system and version parsed from the user agent, else the one the guest typed.
 */
export function chatTagInput(question: string, metadata: Record<string, unknown>): TagInput {
  const lines: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (value === null || value === undefined) return;
    if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k}` : k);
    else lines.push(`${key}: ${String(value)}`);
  };
  walk(metadata, '');
  const ua = metadata.ua as { os?: unknown } | undefined;
  const os = typeof ua?.os === 'string' ? ua.os : typeof metadata.os === 'string' ? metadata.os : undefined;
  return { question, metadata: lines.join('\n'), ...(os ? { os } : {}) };
}
