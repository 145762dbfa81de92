// How Parakeet mirrors a Django site's settings, and reading them from PARAKEET_DJANGO_* variables.
import type { RoleRules } from './roles.js';

export type SessionEngine = 'db' | 'cached_db' | 'signed_cookies';

export interface DjangoConfig {
  /** The Django site's database, reached with a read-only role: sqlite:path, postgres://…, mysql://… */
  databaseUrl: string;
  secretKey: string;
  secretKeyFallbacks: string[];
  /** SESSION_COOKIE_NAME, default 'sessionid'. */
  cookieName: string;
  engine: SessionEngine;
  /** Accept what Django 3.1/3.2 accept: pre-3.1 session data, SHA-1 signatures and SHA-1 auth hashes. */
  acceptLegacy: boolean;
  /** AUTHENTICATION_BACKENDS, as dotted paths. */
  backends: string[];
  /** The AUTH_USER_MODEL's table, default 'auth_user'. */
  userTable: string;
  useTz: boolean;
  timeZone: string;
  /** SESSION_COOKIE_AGE in seconds: the signed_cookies engine's max age (default 1209600). */
  signedCookieMaxAge?: number;
  /** The __qualname__ of the site's SessionStore class, for a custom subclass (default 'SessionStore'). */
  sessionStoreClass?: string;
  /** Where to send anonymous visitors to log in, e.g. '/accounts/login/'. */
  loginUrl?: string;
  roles: RoleRules;
}

export const DEFAULT_BACKENDS = ['django.contrib.auth.backends.ModelBackend'];
export const DEFAULT_COOKIE_AGE = 1209600;

export const DEFAULT_ROLES: RoleRules = {
  helperGroup: 'Live Chat helpers',
  monitorPermission: 'livechat.monitor_chat',
  traineeGroup: 'Live Chat trainees',
};

/** A full config from the few settings every site has to give. */
export function djangoConfig(given: Pick<DjangoConfig, 'databaseUrl' | 'secretKey'> & Partial<DjangoConfig>): DjangoConfig {
  return {
    secretKeyFallbacks: [],
    cookieName: 'sessionid',
    engine: 'db',
    acceptLegacy: false,
    backends: [...DEFAULT_BACKENDS],
    userTable: 'auth_user',
    useTz: true,
    timeZone: 'America/Chicago', // Django's own default TIME_ZONE
    ...given,
    roles: { ...DEFAULT_ROLES, ...given.roles },
  };
}

/** The variable that sets each field, for error messages. */
const ENV_NAMES: Record<string, string> = {
  databaseUrl: 'PARAKEET_DJANGO_DATABASE_URL',
  secretKey: 'PARAKEET_DJANGO_SECRET_KEY',
  secretKeyFallbacks: 'PARAKEET_DJANGO_SECRET_KEY_FALLBACKS',
  cookieName: 'PARAKEET_DJANGO_COOKIE_NAME',
  engine: 'PARAKEET_DJANGO_SESSION_ENGINE',
  backends: 'PARAKEET_DJANGO_BACKENDS',
  userTable: 'PARAKEET_DJANGO_USER_TABLE',
  timeZone: 'PARAKEET_DJANGO_TIME_ZONE',
  signedCookieMaxAge: 'PARAKEET_DJANGO_SESSION_COOKIE_AGE',
  sessionStoreClass: 'PARAKEET_DJANGO_SESSION_STORE_CLASS',
  loginUrl: 'PARAKEET_DJANGO_LOGIN_URL',
  roles: 'PARAKEET_DJANGO_HELPER_GROUP / PARAKEET_DJANGO_TRAINEE_GROUP / PARAKEET_DJANGO_MONITOR_PERMISSION',
};

/** Throws an Error naming the first bad setting (as its PARAKEET_DJANGO_* variable when fromEnv). */
export function validateDjangoConfig(c: DjangoConfig, fromEnv = false): void {
  const fail = (field: string, why: string): never => {
    throw new Error(`Django identity: ${fromEnv ? ENV_NAMES[field] : `config.${field}`} ${why}`);
  };
  if (!c.databaseUrl) fail('databaseUrl', 'is empty');
  if (!c.secretKey) fail('secretKey', 'is empty');
  if (c.secretKeyFallbacks.some((k) => !k)) fail('secretKeyFallbacks', 'contains an empty key');
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(c.cookieName)) fail('cookieName', `is not a cookie name: ${JSON.stringify(c.cookieName)}`);
  if (!['db', 'cached_db', 'signed_cookies'].includes(c.engine)) {
    fail('engine', `must be db, cached_db or signed_cookies, not ${JSON.stringify(c.engine)} (the cache and file engines keep sessions where Parakeet cannot read them: switch the site to cached_db)`);
  }
  if (c.backends.length === 0) fail('backends', 'is empty');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(c.userTable)) fail('userTable', `is not a table name: ${JSON.stringify(c.userTable)}`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: c.timeZone });
  } catch {
    fail('timeZone', `is not a known time zone: ${JSON.stringify(c.timeZone)}`);
  }
  const age = c.signedCookieMaxAge;
  if (age !== undefined && !(Number.isFinite(age) && age >= 0)) fail('signedCookieMaxAge', 'must be a number of seconds');
  if (c.sessionStoreClass !== undefined && !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(c.sessionStoreClass)) fail('sessionStoreClass', 'is not a class name');
  if (c.loginUrl !== undefined && !/^(\/|https?:\/\/)/.test(c.loginUrl)) fail('loginUrl', 'must be a path starting with / or an http(s) URL');
  if (!c.roles.helperGroup || !c.roles.traineeGroup || !c.roles.monitorPermission) fail('roles', 'needs a helper group, a trainee group and a monitor permission');
}

type Env = Record<string, string | undefined>;

function bool(env: Env, name: string, fallback: boolean): boolean {
  const v = env[name]?.trim().toLowerCase();
  if (v === undefined || v === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error(`${name} must be true or false, not ${JSON.stringify(env[name])}`);
}

function list(env: Env, name: string): string[] | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === '') return undefined;
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

function text(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** Accepts 'db' or the dotted path copied from settings.py ('django.contrib.sessions.backends.db'). */
function engine(env: Env, name: string): SessionEngine | undefined {
  const v = text(env, name);
  if (v === undefined) return undefined;
  const short = v.replace(/^django\.contrib\.sessions\.backends\./, '');
  if (short === 'db' || short === 'cached_db' || short === 'signed_cookies') return short;
  throw new Error(`${name} must be db, cached_db or signed_cookies, not ${JSON.stringify(v)} (cache and file sessions cannot be read by Parakeet: use cached_db)`);
}

/** The Django identity settings, or null when PARAKEET_DJANGO_DATABASE_URL is unset (no Django site). */
export function djangoConfigFromEnv(env: Env): DjangoConfig | null {
  const databaseUrl = text(env, 'PARAKEET_DJANGO_DATABASE_URL');
  if (databaseUrl === undefined) return null;
  // The key is taken byte for byte, as in settings.py: no trimming.
  const secretKey = env.PARAKEET_DJANGO_SECRET_KEY;
  if (!secretKey) throw new Error('PARAKEET_DJANGO_SECRET_KEY must be set to the Django site\'s SECRET_KEY');
  const age = text(env, 'PARAKEET_DJANGO_SESSION_COOKIE_AGE');
  if (age !== undefined && !/^\d+$/.test(age)) throw new Error(`PARAKEET_DJANGO_SESSION_COOKIE_AGE must be a whole number of seconds, not ${JSON.stringify(age)}`);
  const given: Partial<DjangoConfig> = {
    secretKeyFallbacks: list(env, 'PARAKEET_DJANGO_SECRET_KEY_FALLBACKS'),
    cookieName: text(env, 'PARAKEET_DJANGO_COOKIE_NAME'),
    engine: engine(env, 'PARAKEET_DJANGO_SESSION_ENGINE'),
    acceptLegacy: bool(env, 'PARAKEET_DJANGO_ACCEPT_LEGACY', false),
    backends: list(env, 'PARAKEET_DJANGO_BACKENDS'),
    userTable: text(env, 'PARAKEET_DJANGO_USER_TABLE'),
    useTz: bool(env, 'PARAKEET_DJANGO_USE_TZ', true),
    timeZone: text(env, 'PARAKEET_DJANGO_TIME_ZONE'),
    signedCookieMaxAge: age === undefined ? undefined : Number(age),
    sessionStoreClass: text(env, 'PARAKEET_DJANGO_SESSION_STORE_CLASS'),
    loginUrl: text(env, 'PARAKEET_DJANGO_LOGIN_URL'),
  };
  const roles: Partial<RoleRules> = {
    helperGroup: text(env, 'PARAKEET_DJANGO_HELPER_GROUP'),
    helperPermission: text(env, 'PARAKEET_DJANGO_HELPER_PERMISSION'),
    traineeGroup: text(env, 'PARAKEET_DJANGO_TRAINEE_GROUP'),
    monitorPermission: text(env, 'PARAKEET_DJANGO_MONITOR_PERMISSION'),
  };
  const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  const config = djangoConfig({ databaseUrl, secretKey, ...defined(given), roles: { ...DEFAULT_ROLES, ...defined(roles) } });
  validateDjangoConfig(config, true);
  return config;
}
