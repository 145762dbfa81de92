// django.utils.crypto.salted_hmac and django.core.signing's TimestampSigner, decode side only.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { inflateSync } from 'node:zlib';

export type HashAlgorithm = 'sha256' | 'sha1';

/** HMAC keyed with hash(salt + secret), not HMAC(secret, salt): Django's salted_hmac. */
export function saltedHmac(algorithm: HashAlgorithm, salt: string, value: string | Buffer, secret: string): Buffer {
  const key = createHash(algorithm).update(salt + secret, 'utf8').digest();
  return createHmac(algorithm, key).update(typeof value === 'string' ? Buffer.from(value, 'utf8') : value).digest();
}

/** Constant-time string equality (lengths may leak, as with Python's hmac.compare_digest). */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const x = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const y = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface SignerKeys {
  /** SECRET_KEY first, then SECRET_KEY_FALLBACKS in order. */
  keys: readonly string[];
  /** 'sha256', plus 'sha1' for a site that still accepts Django 3.1/3.2's legacy signatures. */
  algorithms: readonly HashAlgorithm[];
}

/** Signer.unsign: the value before the last ':' if what follows is its signature under some key. */
export function unsign(signed: string, salt: string, with_: SignerKeys): string | null {
  const at = signed.lastIndexOf(':');
  if (at < 0) return null;
  const value = signed.slice(0, at);
  const signature = signed.slice(at + 1);
  for (const key of with_.keys) {
    for (const algorithm of with_.algorithms) {
      // Compare the canonical encoding as a string: Django rejects non-canonical trailing base64 bits.
      if (safeEqual(signature, saltedHmac(algorithm, salt + 'signer', value, key).toString('base64url'))) return value;
    }
  }
  return null;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** signing.b62_decode, or null where Django would raise. */
export function base62Decode(s: string): number | null {
  if (s === '') return null;
  const negative = s[0] === '-';
  let n = 0;
  for (const digit of negative ? s.slice(1) : s) {
    const d = BASE62.indexOf(digit);
    if (d < 0) return null;
    n = n * 62 + d;
  }
  return negative && n !== 0 ? -n : n;
}

/**
 * TimestampSigner.unsign: the payload, or null. The timestamp must decode even when unchecked; it is
 * checked only with maxAgeSeconds (the signed_cookies engine), where an age equal to the maximum passes.
 */
export function unsignTimestamped(signed: string, salt: string, with_: SignerKeys, maxAgeSeconds?: number, nowMs?: number): string | null {
  const value = unsign(signed, salt, with_);
  if (value === null) return null;
  const at = value.lastIndexOf(':');
  if (at < 0) return null;
  const timestamp = base62Decode(value.slice(at + 1));
  if (timestamp === null) return null;
  if (maxAgeSeconds !== undefined && (nowMs === undefined || nowMs / 1000 - timestamp > maxAgeSeconds)) return null;
  return value.slice(0, at);
}

/** Sessions beyond this many bytes once inflated are refused: a signed zip bomb is still a bomb. */
export const MAX_SESSION_BYTES = 1 << 20;

export type SessionDict = Record<string, unknown>;

/** The JSON object in a signed payload: '.' then base64url(zlib(json)), or base64url(json). Never unpickles. */
export function loadPayload(payload: string): SessionDict | null {
  const compressed = payload.startsWith('.');
  const b64 = compressed ? payload.slice(1) : payload;
  if (!/^[A-Za-z0-9_-]*$/.test(b64) || b64.length % 4 === 1 || b64.length > (MAX_SESSION_BYTES * 4) / 3 + 4) return null;
  try {
    let data = Buffer.from(b64, 'base64url');
    if (compressed) data = inflateSync(data, { maxOutputLength: MAX_SESSION_BYTES });
    return jsonObject(data);
  } catch {
    return null;
  }
}

/** JSONSerializer.loads (latin-1 text; Django writes pure ASCII), keeping only a JSON object. */
export function jsonObject(data: Buffer): SessionDict | null {
  try {
    const value: unknown = JSON.parse(data.toString('latin1'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as SessionDict) : null;
  } catch {
    return null;
  }
}
