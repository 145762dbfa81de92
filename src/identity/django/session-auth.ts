// What django.contrib.auth.login() leaves in a session, and the _auth_user_hash check (spec §4).
import { type HashAlgorithm, type SessionDict, safeEqual, saltedHmac } from './signing.js';

const AUTH_HASH_SALT = 'django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash';

export interface SessionAuth {
  userId: number;
  backend: string;
  hash: string;
}

/** The login in a session, or null when Django would see none (a missing or empty hash logs out too). */
export function readSessionAuth(session: SessionDict): SessionAuth | null {
  const id = Object.hasOwn(session, '_auth_user_id') ? session._auth_user_id : undefined;
  const backend = Object.hasOwn(session, '_auth_user_backend') ? session._auth_user_backend : undefined;
  const hash = Object.hasOwn(session, '_auth_user_hash') ? session._auth_user_hash : undefined;
  // Django stores the pk as a string; before 1.7 it stored the number itself.
  const userId = typeof id === 'string' && /^\d{1,15}$/.test(id) ? Number(id) : typeof id === 'number' ? id : NaN;
  if (!Number.isSafeInteger(userId) || userId < 0) return null;
  if (typeof backend !== 'string' || typeof hash !== 'string' || hash === '') return null;
  return { userId, backend, hash };
}

/** get_session_auth_hash(): HMAC of the user's current password column, as lowercase hex. */
export function sessionAuthHash(password: string, secret: string, algorithm: HashAlgorithm = 'sha256'): string {
  return saltedHmac(algorithm, AUTH_HASH_SALT, password, secret).toString('hex');
}

/** Does the stored hash match the current password column under any key (and SHA-1, for a legacy site)? */
export function verifyAuthHash(stored: string, password: string, keys: readonly string[], acceptLegacy: boolean): boolean {
  const algorithms: HashAlgorithm[] = acceptLegacy ? ['sha256', 'sha1'] : ['sha256'];
  return keys.some((key) => algorithms.some((algorithm) => safeEqual(stored, sessionAuthHash(password, key, algorithm))));
}
