// Settings: environment variables (PARAKEET_*, PORT) over an optional JSON file (PARAKEET_CONFIG) over defaults.
// Every value is checked at start; a bad one stops the server with a message naming the setting.
import { readFileSync } from 'node:fs';
import { validSurveyTemplate } from './domain/staff/links.js';
import { parseTagRules } from './domain/staff/tag-rules.js';
import { parseWebhooks } from './domain/staff/webhooks.js';

interface Setting<T> {
  env: string;
  default: T;
  doc: string;
  parse: (text: string) => T | undefined;
}

const int = (min: number, max: number) => (text: string) => {
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
};
const bool = (text: string) => (/^(1|true|yes|on)$/i.test(text) ? true : /^(0|false|no|off)$/i.test(text) ? false : undefined);
const str = (text: string) => text;
const oneOf = <T extends string>(...values: T[]) => (text: string) => (values as string[]).includes(text) ? (text as T) : undefined;

/** A JSON list of {day, open, close}; the queue checks the times themselves when it starts. */
function parseHours(text: string): string | undefined {
  if (text === '') return text;
  try {
    const hours = JSON.parse(text) as unknown;
    const ok = Array.isArray(hours) && hours.every((h) => typeof h === 'object' && h !== null && Number.isInteger(h.day) && typeof h.open === 'string' && typeof h.close === 'string');
    return ok ? text : undefined;
  } catch {
    return undefined;
  }
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A JSON setting checked by its parser, whose error message names the bad entry. */
const checked = (name: string, parse: (text: string) => unknown) => (text: string) => {
  try {
    parse(text);
    return text;
  } catch (error) {
    throw new ConfigError(`${name}: ${(error as Error).message}`);
  }
};

const SETTINGS = {
  port: { env: 'PORT', default: 8080, doc: 'TCP port to listen on', parse: int(0, 65535) },
  host: { env: 'PARAKEET_HOST', default: '0.0.0.0', doc: 'Address to listen on', parse: str },
  databaseUrl: { env: 'PARAKEET_DATABASE_URL', default: 'sqlite:./data/parakeet.db', doc: 'sqlite:PATH, postgres://... or mysql://...', parse: str },
  secret: { env: 'PARAKEET_SECRET', default: '', doc: 'Cookie signing secret (≥ 32 chars); generated into ./data/secret when empty', parse: (t: string) => (t.length >= 32 ? t : undefined) },
  publicOrigin: { env: 'PARAKEET_PUBLIC_ORIGIN', default: '', doc: 'Origin browsers use, e.g. https://chat.example.org (WebSocket Origin check, Secure cookies)', parse: (t: string) => (t === '' || /^https?:\/\/[^/]+$/.test(t) ? t : undefined) },
  cookieSameSite: { env: 'PARAKEET_COOKIE_SAMESITE', default: 'lax' as 'lax' | 'none', doc: 'SameSite of the session and CSRF cookies: lax, or none (HTTPS only) so the guest widget keeps its session when embedded on another site', parse: oneOf('lax', 'none') },
  trustProxy: { env: 'PARAKEET_TRUST_PROXY', default: false, doc: 'Trust X-Forwarded-* from a reverse proxy', parse: bool },
  logLevel: { env: 'PARAKEET_LOG_LEVEL', default: 'info', doc: 'pino level', parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent') },
  kbUrlTemplate: { env: 'PARAKEET_KB_URL', default: 'https://support.example.org/kb/{title}', doc: 'Knowledge-base article URL; {title} is replaced', parse: (t: string) => (/^https?:\/\//.test(t) && t.includes('{title}') ? t : undefined) },
  maxBodyBytes: { env: 'PARAKEET_MAX_BODY_BYTES', default: 30 * 1024, doc: 'Largest message body (UTF-8 bytes)', parse: int(1, 1 << 20) },
  maxChatBytes: { env: 'PARAKEET_MAX_CHAT_BYTES', default: 2 * 1024 * 1024, doc: 'Largest chat session: all bodies of one room (UTF-8 bytes)', parse: int(1, 1 << 30) },
  historyDefault: { env: 'PARAKEET_HISTORY', default: 50, doc: 'Events of scrollback a joining member receives (messages, joins, topic changes, ...)', parse: int(1, 200) },
  listenTimeoutMs: { env: 'PARAKEET_LISTEN_TIMEOUT_MS', default: 25_000, doc: 'How long a long-poll is held without events', parse: int(100, 120_000) },
  recoveryLimit: { env: 'PARAKEET_RECOVERY_LIMIT', default: 10_000, doc: 'A client further behind in one room gets resync instead of replay', parse: int(1, 10_000_000) },
  typingTimeoutMs: { env: 'PARAKEET_TYPING_TIMEOUT_MS', default: 5_000, doc: 'A typing notice without refresh expires after this', parse: int(100, 60_000) },
  sessionTtlHours: { env: 'PARAKEET_SESSION_TTL_HOURS', default: 24 * 14, doc: 'Chat session lifetime', parse: int(1, 24 * 365) },
  keepaliveMs: { env: 'PARAKEET_KEEPALIVE_MS', default: 20_000, doc: 'SSE comment / WebSocket ping interval', parse: int(100, 300_000) },
  maxSocketBufferBytes: { env: 'PARAKEET_MAX_SOCKET_BUFFER', default: 4 * 1024 * 1024, doc: 'A WebSocket or SSE client this far behind is disconnected to resume from its cursor', parse: int(1024, 1 << 30) },
  sqliteSynchronous: { env: 'PARAKEET_SQLITE_SYNCHRONOUS', default: 'NORMAL' as 'NORMAL' | 'FULL', doc: 'SQLite durability: NORMAL survives a crash of the process, FULL also a power loss (slower)', parse: oneOf('NORMAL', 'FULL') },
  forumUrlTemplate: { env: 'PARAKEET_FORUM_URL', default: 'https://support.example.org/questions/new?title={question}', doc: 'Forum link offered when the support queue is closed; {question} is replaced, URL-encoded', parse: (t: string) => (/^https?:\/\//.test(t) ? t : undefined) },
  queueMaxWaiting: { env: 'PARAKEET_QUEUE_MAX_WAITING', default: 50, doc: 'The support queue closes itself at this many waiting guests (reopens below 80 % of it)', parse: int(1, 100_000) },
  queueOfferTimeoutMs: { env: 'PARAKEET_QUEUE_OFFER_TIMEOUT_MS', default: 30_000, doc: 'A helper must accept or reject an offer within this time', parse: int(1000, 600_000) },
  queueGuestTimeoutMs: { env: 'PARAKEET_QUEUE_GUEST_TIMEOUT_MS', default: 60_000, doc: 'A waiting guest without heartbeat or open event stream for this long leaves the queue', parse: int(1000, 3_600_000) },
  queueHours: { env: 'PARAKEET_QUEUE_HOURS', default: '', doc: 'Posted hours as JSON, e.g. [{"day":1,"open":"09:00","close":"17:00"}] (Sunday = 0); empty: always open', parse: parseHours },
  queueTimeZone: { env: 'PARAKEET_QUEUE_TIME_ZONE', default: 'UTC', doc: 'IANA time zone of the posted hours', parse: (t: string) => (validTimeZone(t) ? t : undefined) },
  djangoRecheckMs: { env: 'PARAKEET_DJANGO_RECHECK_MS', default: 60_000, doc: 'How often a chat session signed in from Django is checked against the Django session (logout, password, groups)', parse: int(100, 3_600_000) },
  tagRules: { env: 'PARAKEET_TAG_RULES', default: '', doc: 'Automatic chat tags as JSON, e.g. [{"tag":"mac","keywords":["macos"],"patterns":["os x 10\\.\\d+"],"fields":["os","question"]}]', parse: checked('PARAKEET_TAG_RULES', parseTagRules) },
  surveyUrlTemplate: { env: 'PARAKEET_SURVEY_URL', default: '', doc: 'External survey offered after a chat instead of the built-in one; {chat} is replaced', parse: (t: string) => (validSurveyTemplate(t) ? t : undefined) },
  webhooks: { env: 'PARAKEET_WEBHOOKS', default: '', doc: 'Webhooks as JSON: [{"url":"https://…","secret":"≥ 16 chars","events":["chat.ended",…]}]', parse: checked('PARAKEET_WEBHOOKS', parseWebhooks) },
  redisUrl: { env: 'PARAKEET_REDIS_URL', default: '', doc: 'Cluster mode: redis://host:port for fan-out between Parakeet processes sharing one database (empty: one process)', parse: (t: string) => (t === '' || /^rediss?:\/\//.test(t) ? t : undefined) },
  redisPrefix: { env: 'PARAKEET_REDIS_PREFIX', default: 'parakeet:', doc: 'Prefix of the Redis channels, to share a Redis server between deployments', parse: (t: string) => (/^[\w:.-]{1,64}$/.test(t) ? t : undefined) },
  devLogin: { env: 'PARAKEET_DEV_LOGIN', default: false, doc: 'Enable password-less POST /api/dev/login (benchmarks and local testing only)', parse: bool },
  demo: { env: 'PARAKEET_DEMO', default: false, doc: 'Create demo accounts and rooms at start', parse: bool },
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: Settings[K]['default'] };

export class ConfigError extends Error {}

/** Reads the configuration. Throws ConfigError naming the first bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  let file: Record<string, unknown> = {};
  if (env.PARAKEET_CONFIG) {
    try {
      file = JSON.parse(readFileSync(env.PARAKEET_CONFIG, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`PARAKEET_CONFIG: cannot read ${env.PARAKEET_CONFIG}: ${(error as Error).message}`);
    }
    for (const key of Object.keys(file)) if (!(key in SETTINGS)) throw new ConfigError(`${env.PARAKEET_CONFIG}: unknown setting "${key}"`);
  }
  const config: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS) as Array<[keyof Config, Setting<unknown>]>) {
    const fromEnv = env[setting.env];
    const raw = fromEnv !== undefined ? fromEnv : file[key] !== undefined ? String(file[key]) : undefined;
    if (raw === undefined) {
      config[key] = setting.default;
      continue;
    }
    const value = setting.parse(raw);
    if (value === undefined) throw new ConfigError(`${fromEnv !== undefined ? setting.env : key}: invalid value "${raw}" (${setting.doc})`);
    config[key] = value;
  }
  return { ...(config as Config), ...overrides };
}

/** For `parakeet serve --help` and docs. */
export function describeSettings(): string {
  return Object.values(SETTINGS)
    .map((s) => `  ${s.env.padEnd(28)} ${s.doc} (default: ${JSON.stringify(s.default)})`)
    .join('\n');
}
