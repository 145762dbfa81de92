// Why Django no longer accepts a session, for the `signed_out` event. DjangoIdentity.resolve only says "anonymous";
// this asks the site's database (read-only, as the provider does) what changed. Checked in order of finality.
import type { SignOutReason } from '../domain/events.js';
import { DEFAULT_COOKIE_AGE, type DjangoConfig } from './django/config.js';
import { isValidSessionKey } from './django/cookies.js';
import { isUnexpired } from './django/expiry.js';
import { createDjangoReader } from './django/reader.js';
import { decodeSignedCookie } from './django/session-data.js';

export interface SignOutReasons {
  reasonFor(sessionKey: string, djangoUserId: string, at: number): Promise<SignOutReason>;
  close(): Promise<void>;
}

export function signOutReasons(config: DjangoConfig): SignOutReasons {
  const reader = createDjangoReader(config.databaseUrl, config.userTable);
  const codec = { keys: [config.secretKey, ...config.secretKeyFallbacks], acceptLegacy: config.acceptLegacy, sessionStoreClass: config.sessionStoreClass ?? 'SessionStore' };
  return {
    async reasonFor(sessionKey, djangoUserId, at) {
      const user = await reader.user(Number(djangoUserId));
      if (!user) return 'deleted';
      if (!user.isActive) return 'deactivated';
      if (config.engine === 'signed_cookies') {
        // The cookie is the session: Django's logout only deletes it in the browser, so it can only have aged out.
        return decodeSignedCookie(sessionKey, codec, config.signedCookieMaxAge ?? DEFAULT_COOKIE_AGE, at) ? 'password_changed' : 'expired';
      }
      const row = isValidSessionKey(sessionKey) ? await reader.session(sessionKey) : null;
      if (!row) return 'logged_out';
      if (!isUnexpired(row.expire, at, config)) return 'expired';
      // The row is there and current, the user active: the auth hash no longer matches the password.
      return 'password_changed';
    },
    close: () => reader.close(),
  };
}
