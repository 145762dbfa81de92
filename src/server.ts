// Wires the adapters (storage, bus, identity) to the services and the HTTP/WebSocket transports.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { Bus } from './bus/bus.js';
import { MemoryBus } from './bus/memory.js';
import { RedisBus } from './bus/redis.js';
import type { Config } from './config.js';
import { Accounts } from './identity/accounts.js';
import { Identity, type IdentityProviders } from './identity/identity.js';
import { Sessions } from './identity/sessions.js';
import { createMetrics, type Metrics } from './metrics.js';
import { ChatService } from './services/chat.js';
import { Directory } from './services/directory.js';
import { StreamHub } from './services/hub.js';
import { PresenceService } from './services/presence.js';
import { StaffService } from './services/staff/index.js';
import { observeSupportChats } from './services/staff/lifecycle.js';
import { parseTagRules } from './domain/staff/tag-rules.js';
import { parseWebhooks } from './domain/staff/webhooks.js';
import { realTimer } from './services/support/clock.js';
import { SupportService } from './services/support/service.js';
import { queueConfig } from './services/support/settings.js';
import { rememberUserAgent } from './services/support/user-agent.js';
import { openStore } from './storage/kysely/kysely-store.js';
import type { Store } from './storage/store.js';
import { buildApp } from './transport/app.js';

export interface Services {
  config: Config;
  store: Store;
  bus: Bus;
  chat: ChatService;
  presence: PresenceService;
  hub: StreamHub;
  sessions: Sessions;
  accounts: Accounts;
  /** Sign-in from Django, guests, re-checks: see src/identity/identity.ts. */
  identity: Identity;
  directory: Directory;
  support: SupportService;
  /** Monitor tools, notes, canned responses, tags, surveys, webhooks, transcripts: src/services/staff/. */
  staff: StaffService;
  metrics: Metrics;
  secret: string;
  now: () => number;
  /** 128 random bits, base64url: room, session and queue ids are unguessable. */
  newId: () => string;
  /** Set once shutdown has begun. */
  closing: boolean;
}

export const newId = () => randomBytes(16).toString('base64url');

/** `providers`: where else users come from; no Django site unless given (the CLI's serve reads PARAKEET_DJANGO_*). */
export async function createServices(
  config: Config,
  log: Logger = pino({ level: config.logLevel }),
  now: () => number = Date.now,
  providers: IdentityProviders = { django: null },
): Promise<Services> {
  // Support chat changes also reach the staff features (tags, webhooks), once stored.
  let staff: StaffService | null = null;
  const store = observeSupportChats(
    await openStore(config.databaseUrl, { log: (line) => log.info(line), sqliteSynchronous: config.sqliteSynchronous }),
    () => staff && ((event, chat) => staff!.onChat(event, chat)),
  );
  const bus = await createBus(config, log);
  const sessions = new Sessions(store, config.sessionTtlHours * 3_600_000, now, newId);
  const presence = new PresenceService(store, bus, config.typingTimeoutMs, now);
  const hub = new StreamHub(store, bus, presence, { recoveryLimit: config.recoveryLimit, pageSize: 500, maxPending: 20_000 }, now, (error, what) =>
    log.error({ err: error }, what),
  );
  const chat = new ChatService(
    store,
    bus,
    {
      maxBodyBytes: config.maxBodyBytes,
      maxRoomBytes: config.maxChatBytes,
      historyDefault: config.historyDefault,
      historyMax: 200,
      kbUrlTemplate: config.kbUrlTemplate,
    },
    now,
    newId,
  );
  const support = new SupportService({
    store,
    bus,
    chat,
    presence,
    log,
    now,
    timer: realTimer,
    newId,
    queueConfig: queueConfig(config),
    forumUrlTemplate: config.forumUrlTemplate,
  });
  staff = new StaffService(
    { store, bus, chat, seats: support, now, newId, report: (error, what) => log.error({ err: error }, what) },
    { ...config, tagRules: parseTagRules(config.tagRules), webhooks: parseWebhooks(config.webhooks) },
  );
  return {
    config,
    store,
    bus,
    chat,
    presence,
    hub,
    sessions,
    identity: new Identity({ store, bus, sessions, now, newId, recheckMs: config.djangoRecheckMs, warn: (error, what) => log.warn({ err: error }, what) }, providers),
    accounts: new Accounts(store, now, newId),
    directory: new Directory(store),
    staff,
    support,
    metrics: createMetrics(hub),
    secret: config.secret || localSecret(config.databaseUrl),
    now,
    newId,
    closing: false,
  };
}

/** Without PARAKEET_SECRET, a random secret kept in a file (beside the SQLite database, else ./data) so sessions survive a restart. */
function localSecret(databaseUrl: string): string {
  const path = databaseUrl.startsWith('sqlite:') && databaseUrl.includes(':memory:') ? null : databaseUrl.startsWith('sqlite:') ? `${dirname(databaseUrl.slice('sqlite:'.length))}/secret` : './data/secret';
  if (path && existsSync(path)) return readFileSync(path, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  if (path) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, secret, { mode: 0o600 });
  }
  return secret;
}

/** In-process fan-out, or Redis when PARAKEET_REDIS_URL is set (cluster mode: several processes, one database). */
async function createBus(config: Config, log: Logger): Promise<Bus> {
  if (!config.redisUrl) return new MemoryBus();
  const bus = new RedisBus(config.redisUrl, config.redisPrefix, (error) => log.error({ err: error }, 'redis bus error'));
  await bus.ready();
  log.info({ prefix: config.redisPrefix }, 'cluster mode: fan-out through Redis');
  log.warn('cluster mode: the support queue lives in each process; route /api/support_* and helpers on duty to one node (docs/architecture.md)');
  return bus;
}

export interface Server {
  app: FastifyInstance;
  services: Services;
  /** Graceful: stop accepting, answer held polls and close sockets with a reconnect hint, finish writes, close storage. */
  close(): Promise<void>;
}

export async function createServer(
  config: Config,
  logger: Logger = pino({ level: config.logLevel }),
  now?: () => number,
  providers?: IdentityProviders,
): Promise<Server> {
  const services = await createServices(config, logger, now, providers);
  const app = await buildApp(services, logger);
  await services.staff.start();
  // After the auth hook: a guest's ask records the browser it came from (WebSocket: the handshake's).
  app.addHook('onRequest', async (request) => {
    if (request.auth) rememberUserAgent(request.auth, request.headers['user-agent']);
  });
  await services.support.start();
  services.identity.start();
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      services.closing = true;
      await app.close();
      await services.staff.close();
      await services.identity.close();
      await services.support.stop();
      await services.chat.drain();
      await services.presence.drain();
      await services.bus.close();
      await services.store.close();
    })());
  return { app, services, close };
}
