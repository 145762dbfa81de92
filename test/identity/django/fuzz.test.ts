// Property: random and mutated cookies never authenticate and never throw. The pure decoders are
// fuzzed from the spec's real vectors; the whole provider from real Django sessions (SQLite).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeSessionData, decodeSignedCookie } from '../../../src/identity/django/session-data.js';
import { pythonB64decode } from '../../../src/identity/django/python-base64.js';
import { readSessionAuth } from '../../../src/identity/django/session-auth.js';
import { parseCookieHeader } from '../../../src/identity/django/cookies.js';
import { djangoConfig } from '../../../src/identity/django/config.js';
import { type DjangoIdentity, createDjangoIdentity } from '../../../src/identity/django/identity.js';
import { type Case, type Scratch, type Site, generate, pythonMissing, scratchSqlite, skipNotice } from './django-fixtures.js';

const KEY = 'live-chat-fixture-secret-key-0123456789-not-for-production';
const V1 =
  '.eJxVjEEOwiAQRe_C2hAZYKAu3XsGwsAgVUOT0q6Md7dNutDte-__twhxXWpYO89hzOIiQJx-GcX05LaL_IjtPsk0tWUeSe6JPGyXtynz63q0fwc19rqttT4PykEi7Sw40hkzGvAmqaIKO0SECIyMSJYxe6s2zGYohclbduLzBcLZN70:1xWD8j:96upQPLKS5mAqvHi2CzP92mLabxJHnT7HOJdg_RLMJI';
const V5 =
  'MTlkZjI5MTc3NGNhOWJiNmExZjY2MjExMGJlZmMzYmU1YWM4M2E2Yjp7Il9hdXRoX3VzZXJfaWQiOiIyIiwiX2F1dGhfdXNlcl9iYWNrZW5kIjoiZGphbmdvLmNvbnRyaWIuYXV0aC5iYWNrZW5kcy5Nb2RlbEJhY2tlbmQiLCJfYXV0aF91c2VyX2hhc2giOiJmMTc0YTYzMjNjOGNhYTAwM2UxODZkNDdjNTQ1Y2RkMGRhNTJjMzhmIn0=';
const V6 =
  '.eJxVjEEOwiAQRe_C2hAZYKAu3XsGwsAgVUOT0q6Md7dNutDte-__twhxXWpYO89hzOIiQJx-GcX05LaL_IjtPsk0tWUeSe6JPGyXtynz63q0fwc19rqttT4PykEi7Sw40hkzGvAmqaIKO0SECIyMSJYxe6s2zGYohclbduLzBcLZN70:1xWD8j:15ouMl6uUqP2Tgq_F-oVwO9h7LqnFlONzGGxUumsc7w';
const SIGNED_AT_MS = 1795613665 * 1000;
const codec = { keys: [KEY], acceptLegacy: true, sessionStoreClass: 'SessionStore' };

/** A changed version of s: bit flips, a truncation, an insertion, or a re-encoding Django would not undo. */
function mutated(s: string): fc.Arbitrary<string> {
  const at = fc.nat({ max: s.length - 1 });
  const flip = fc.tuple(at, fc.integer({ min: 0, max: 7 })).map(([i, bit]) => s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (1 << bit)) + s.slice(i + 1));
  const flips = fc.array(flip, { minLength: 1, maxLength: 3 }).chain((variants) => fc.constantFrom(...variants));
  const truncate = at.map((n) => s.slice(0, n));
  const insert = fc.tuple(at, fc.string({ minLength: 1, maxLength: 4 })).map(([i, x]) => s.slice(0, i) + x + s.slice(i));
  const reencode = fc.constantFrom(
    encodeURIComponent(s).replace(/\./g, '%2E'),
    s.toUpperCase(),
    s.replace(/-/g, '+').replace(/_/g, '/'),
    s + '=',
    Buffer.from(s).toString('base64'),
    s.replace(/:/g, '%3A'),
  );
  return fc.oneof(flips, truncate, insert, reencode).filter((m) => m !== s);
}

const loggedIn = (session: Record<string, unknown> | null) => session !== null && readSessionAuth(session) !== null;

describe('mutated sessions never decode to a login (pure)', () => {
  test('the valid vectors do', () => {
    assert.ok(loggedIn(decodeSessionData(V1, codec)));
    assert.ok(loggedIn(decodeSessionData(V5, codec)));
    assert.ok(loggedIn(decodeSignedCookie(V6, codec, 1209600, SIGNED_AT_MS)));
  });
  test('session_data (modern and legacy) and signed cookies, mutated', () => {
    fc.assert(fc.property(mutated(V1), (data) => !loggedIn(decodeSessionData(data, codec))), { numRuns: 2000 });
    // The legacy hash covers the JSON bytes, not their base64: a spelling that decodes (as Python decodes
    // it) to the very same bytes is the same session for Django too. Anything else must fail.
    const v5 = pythonB64decode(V5)!;
    fc.assert(
      fc.property(mutated(V5), (data) => !loggedIn(decodeSessionData(data, codec)) || pythonB64decode(data)!.equals(v5)),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(mutated(V6), (cookie) => !loggedIn(decodeSignedCookie(cookie, codec, 1209600, SIGNED_AT_MS))), { numRuns: 2000 });
  });
  test('random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        return decodeSessionData(s, codec) === null && decodeSignedCookie(s, codec, 1209600, SIGNED_AT_MS) === null;
      }),
      { numRuns: 2000 },
    );
  });
});

const noDjango = pythonMissing(['django']);
if (noDjango) skipNotice(noDjango);

describe('mutated cookie headers never authenticate (whole provider, real Django sessions)', { skip: noDjango ?? false }, () => {
  let scratch: Scratch;
  let cases: Case[];
  let db: DjangoIdentity;
  let signed: DjangoIdentity;

  before(async () => {
    scratch = scratchSqlite();
    const made: { site: Site; cases: Case[] } = generate(scratch.url);
    cases = made.cases;
    const config = djangoConfig({ databaseUrl: scratch.url, secretKey: made.site.secretKey, secretKeyFallbacks: made.site.secretKeyFallbacks, backends: made.site.backends, acceptLegacy: true });
    db = createDjangoIdentity(config);
    signed = createDjangoIdentity({ ...config, engine: 'signed_cookies' });
  });
  after(async () => {
    await db?.close();
    await signed?.close();
    await scratch?.drop();
  });

  test('bit flips, truncations, insertions and re-encodings of valid cookies', async () => {
    const valid = (name: string) => cases.find((c) => c.case === name)!.cookieHeader!;
    const dbHeader = valid('superuser');
    const signedHeader = valid('signed_cookie_superuser');
    assert.ok(await db.resolve(dbHeader));
    assert.ok(await signed.resolve(signedHeader));
    // A mutation Django would read back as the same cookie (a space at an edge, a trailing ';') is no
    // forgery; the parser that decides that is checked against Python's parse_cookie in cookies.test.ts.
    const sameCookie = (a: string, b: string) => parseCookieHeader(a).get('sessionid') === parseCookieHeader(b).get('sessionid');
    const forged = (valid: string) => mutated(valid).filter((h) => !sameCookie(h, valid));
    await fc.assert(fc.asyncProperty(forged(dbHeader), async (h) => (await db.resolve(h)) === null), { numRuns: 2000 });
    await fc.assert(fc.asyncProperty(forged(signedHeader), async (h) => (await signed.resolve(h)) === null), { numRuns: 2000 });
  });

  test('random headers', async () => {
    const header = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: fc.constantFrom(...'sessionid=; "\\abc019:._-'), maxLength: 80 }),
      fc.stringMatching(/^[a-z0-9]{8,40}$/).map((k) => `sessionid=${k}`),
    );
    await fc.assert(fc.asyncProperty(header, async (h) => (await db.resolve(h)) === null && (await signed.resolve(h)) === null), { numRuns: 2000 });
  });
});
