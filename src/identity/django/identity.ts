// The Django identity provider: a browser's Cookie header → the Django user it is logged in as, decided
// as django.contrib.auth.get_user() decides it (spec §0), reading the site's database read-only.
import type { GlobalRole } from '../../domain/types.js';
import { type DjangoConfig, DEFAULT_COOKIE_AGE, validateDjangoConfig } from './config.js';
import { isValidSessionKey, parseCookieHeader } from './cookies.js';
import { isUnexpired } from './expiry.js';
import { type DjangoReader, createDjangoReader } from './reader.js';
import { rolesFor } from './roles.js';
import { readSessionAuth, verifyAuthHash } from './session-auth.js';
import { type SessionCodec, decodeSessionData, decodeSignedCookie } from './session-data.js';
import type { SessionDict } from './signing.js';

export type { DjangoConfig } from './config.js';

export interface DjangoPrincipal {
  userId: string;
  username: string;
  /** get_full_name(), or the username when that is blank. */
  displayName: string;
  email: string;
  isSuperuser: boolean;
  groups: string[];
  /** get_all_permissions(): every permission for an active superuser, none for an inactive user. */
  permissions: string[];
  roles: GlobalRole[];
  /** The cookie value that authenticated: re-resolve it to notice a Django logout or password change. */
  sessionKey: string;
}

export interface DjangoIdentity {
  /**
   * The principal, or null for anyone Django would treat as anonymous. Never rejects because of what the
   * client sent; rejects only when the Django database cannot be queried (a server problem, not anonymity).
   */
  resolve(cookieHeader: string | undefined): Promise<DjangoPrincipal | null>;
  close(): Promise<void>;
}

// Backends whose get_user() skips the is_active check; every other listed backend is taken to load users
// by pk like ModelBackend (which RemoteUserBackend and most third-party backends inherit).
const ALLOW_INACTIVE = new Set([
  'django.contrib.auth.backends.AllowAllUsersModelBackend',
  'django.contrib.auth.backends.AllowAllUsersRemoteUserBackend',
]);

export function createDjangoIdentity(config: DjangoConfig, now: () => number = Date.now): DjangoIdentity {
  validateDjangoConfig(config);
  const reader: DjangoReader = createDjangoReader(config.databaseUrl, config.userTable);
  const codec: SessionCodec = {
    keys: [config.secretKey, ...config.secretKeyFallbacks],
    acceptLegacy: config.acceptLegacy,
    sessionStoreClass: config.sessionStoreClass ?? 'SessionStore',
  };
  const maxAge = config.signedCookieMaxAge ?? DEFAULT_COOKIE_AGE;

  async function session(value: string, at: number): Promise<SessionDict | null> {
    if (config.engine === 'signed_cookies') return value.length >= 8 ? decodeSignedCookie(value, codec, maxAge, at) : null;
    if (!isValidSessionKey(value)) return null;
    const row = await reader.session(value);
    if (!row || !isUnexpired(row.expire, at, config)) return null;
    return decodeSessionData(row.data, codec);
  }

  return {
    async resolve(cookieHeader) {
      if (!cookieHeader) return null;
      const value = parseCookieHeader(cookieHeader).get(config.cookieName);
      if (!value) return null;
      const data = await session(value, now());
      const auth = data && readSessionAuth(data);
      if (!auth || !config.backends.includes(auth.backend)) return null;
      const user = await reader.user(auth.userId);
      if (!user || (!user.isActive && !ALLOW_INACTIVE.has(auth.backend))) return null;
      if (!verifyAuthHash(auth.hash, user.password, codec.keys, codec.acceptLegacy)) return null;
      const [groups, permissions] = await Promise.all([
        reader.groups(auth.userId),
        user.isActive ? reader.permissions(auth.userId, user.isSuperuser) : Promise.resolve([]),
      ]);
      const fullName = `${user.firstName} ${user.lastName}`.trim();
      return {
        userId: user.id,
        username: user.username,
        displayName: fullName || user.username,
        email: user.email,
        isSuperuser: user.isSuperuser,
        groups,
        permissions,
        roles: rolesFor({ isActive: user.isActive, isSuperuser: user.isSuperuser, groups, permissions }, config.roles),
        sessionKey: value,
      };
    },
    close: () => reader.close(),
  };
}
