// Decoding a Django session (spec §3): the modern signed format, the pre-3.1 "hash:json" format when a
// site still accepts it, and the signed_cookies engine. Every failure is an empty session: null.
import { pythonB64decode } from './python-base64.js';
import { type HashAlgorithm, type SessionDict, MAX_SESSION_BYTES, jsonObject, loadPayload, safeEqual, saltedHmac, unsignTimestamped } from './signing.js';

export const SIGNED_COOKIES_SALT = 'django.contrib.sessions.backends.signed_cookies';

export interface SessionCodec {
  /** SECRET_KEY first, then SECRET_KEY_FALLBACKS. */
  keys: readonly string[];
  /** Also accept what Django 3.1/3.2 accept: SHA-1 signatures and the pre-3.1 format. */
  acceptLegacy: boolean;
  /** The store class's __qualname__: the salt is "django.contrib.sessions." + it. */
  sessionStoreClass: string;
}

function algorithms(codec: SessionCodec): HashAlgorithm[] {
  return codec.acceptLegacy ? ['sha256', 'sha1'] : ['sha256'];
}

/** session_data of a django_session row (db and cached_db engines). Its timestamp is not checked. */
export function decodeSessionData(data: string, codec: SessionCodec): SessionDict | null {
  const modern = unsignTimestamped(data, `django.contrib.sessions.${codec.sessionStoreClass}`, { keys: codec.keys, algorithms: algorithms(codec) });
  if (modern !== null) return loadPayload(modern);
  return codec.acceptLegacy ? decodeLegacy(data, codec) : null;
}

/** Pre-3.1: base64("<hex HMAC-SHA1>:<json>"), salt without the dot, checked over the JSON bytes. */
function decodeLegacy(data: string, codec: SessionCodec): SessionDict | null {
  if (data.length > (MAX_SESSION_BYTES * 4) / 3 + 4) return null;
  const decoded = pythonB64decode(data);
  if (!decoded) return null;
  const colon = decoded.indexOf(0x3a);
  if (colon < 0) return null;
  const hash = decoded.subarray(0, colon);
  const serialized = decoded.subarray(colon + 1);
  // The legacy salt uses the class's __name__, the last part of its qualified name.
  const salt = 'django.contrib.sessions' + codec.sessionStoreClass.split('.').pop();
  const valid = codec.keys.some((key) => safeEqual(hash, saltedHmac('sha1', salt, serialized, key).toString('hex')));
  return valid ? jsonObject(serialized) : null;
}

/** The signed_cookies engine: the cookie is the session, valid for maxAgeSeconds from its timestamp. */
export function decodeSignedCookie(value: string, codec: SessionCodec, maxAgeSeconds: number, nowMs: number): SessionDict | null {
  const payload = unsignTimestamped(value, SIGNED_COOKIES_SALT, { keys: codec.keys, algorithms: algorithms(codec) }, maxAgeSeconds, nowMs);
  return payload === null ? null : loadPayload(payload);
}
