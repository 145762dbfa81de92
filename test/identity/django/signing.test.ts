// The spec's vectors (made by real Django 3.2/5.2, docs: /work/shared/specs/django-sessions.md §9).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { decodeSessionData, decodeSignedCookie } from '../../../src/identity/django/session-data.js';
import { readSessionAuth, sessionAuthHash, verifyAuthHash } from '../../../src/identity/django/session-auth.js';
import { MAX_SESSION_BYTES, base62Decode, loadPayload, saltedHmac, unsign } from '../../../src/identity/django/signing.js';

const KEY = 'live-chat-fixture-secret-key-0123456789-not-for-production';
const OLD = 'live-chat-fixture-OLD-secret-key-rotated-away-not-for-production';
const modern = { keys: [KEY], acceptLegacy: false, sessionStoreClass: 'SessionStore' };
const legacy = { ...modern, acceptLegacy: true };

const V1 =
  '.eJxVjEEOwiAQRe_C2hAZYKAu3XsGwsAgVUOT0q6Md7dNutDte-__twhxXWpYO89hzOIiQJx-GcX05LaL_IjtPsk0tWUeSe6JPGyXtynz63q0fwc19rqttT4PykEi7Sw40hkzGvAmqaIKO0SECIyMSJYxe6s2zGYohclbduLzBcLZN70:1xWD8j:96upQPLKS5mAqvHi2CzP92mLabxJHnT7HOJdg_RLMJI';
const V1_PASSWORD = 'pbkdf2_sha256$260000$ztGmDHpGLPRC8XrphYdEYe$8//ucb+RR1FZ3GuQaUTedebQYDC24S68i8pl7ohMj+o=';
const V2 = 'eyJjYXJ0IjpbMSwyLDNdLCJzZWVuX2ludHJvIjp0cnVlfQ:1xWD8j:S0xoFxouN3i-bWtqxpx3fv-oKud7uk37WDcSuByV5uM';
const V4 =
  '.eJxVjDsOwjAQBe_iGln-fyjpOYPltXdxADlSnFSIu0OkFNC-mXkvlvK2trQNXNJU2ZkZdvrdIJcH9h3Ue-63mZe5r8sEfFf4QQe_zhWfl8P9O2h5tG9Nwsoiq5A-xEhCeZSgLREhkHKZsvTV6gAKrPZBG-cINGJRyqgIVbP3B-biOAQ:1xWD8j:Xk8NbQhEHtP9Xagn24XjnAtFMUl45b0dQjcO_RArX-Q';
const V5 =
  'MTlkZjI5MTc3NGNhOWJiNmExZjY2MjExMGJlZmMzYmU1YWM4M2E2Yjp7Il9hdXRoX3VzZXJfaWQiOiIyIiwiX2F1dGhfdXNlcl9iYWNrZW5kIjoiZGphbmdvLmNvbnRyaWIuYXV0aC5iYWNrZW5kcy5Nb2RlbEJhY2tlbmQiLCJfYXV0aF91c2VyX2hhc2giOiJmMTc0YTYzMjNjOGNhYTAwM2UxODZkNDdjNTQ1Y2RkMGRhNTJjMzhmIn0=';
const V6 =
  '.eJxVjEEOwiAQRe_C2hAZYKAu3XsGwsAgVUOT0q6Md7dNutDte-__twhxXWpYO89hzOIiQJx-GcX05LaL_IjtPsk0tWUeSe6JPGyXtynz63q0fwc19rqttT4PykEi7Sw40hkzGvAmqaIKO0SECIyMSJYxe6s2zGYohclbduLzBcLZN70:1xWD8j:15ouMl6uUqP2Tgq_F-oVwO9h7LqnFlONzGGxUumsc7w';
const V6_SIGNED_AT = 1795613665;
const V7 =
  '.eJxVjEEOgjAURO_StWn-L9AWl-49Axn6W4samlBYGe-uJCx0O--9eakB25qHrcZlmESdVaNOv9uI8IjzDuSO-VZ0KPO6TKPeFX3Qqq9F4vNyuH8HGTV_68AMdohEBt4nkDSSDBlxLYN69iOi2D7FzppkO0uSuCUW1wPw3Kr3B-hgN-M:1xWD8m:GSFdhWPGxsRuddXQx2AjRnktUQ_qmcccfqkmoGjgxyc';
const V7_PASSWORD = 'pbkdf2_sha256$1000000$6a2mFxJXysBWvRVgE2HvMw$nSiSf7pZB2eAnpqmMJfJNuhKtKNuvI8xVgRcOpaOcPY=';

const sha = (algorithm: string, s: string) => createHash(algorithm).update(s).digest('hex');

describe('derived keys (spec §9)', () => {
  test('salt ‖ secret is hashed, not HMAC(secret, salt)', () => {
    assert.equal(sha('sha256', 'django.contrib.sessions.SessionStoresigner' + KEY), '18ff2da3a728164dddfe89bf8c2762868c1d13b51e46292fffc251db76b141ec');
    assert.equal(sha('sha1', 'django.contrib.sessionsSessionStore' + KEY), '46e20a313cce69e5f0293af3a5024243d6ccbee1');
  });
});

describe('modern session_data', () => {
  test('V1: compressed, valid, carries a login whose hash matches the password column', () => {
    const session = decodeSessionData(V1, modern);
    assert.ok(session);
    const auth = readSessionAuth(session);
    assert.deepEqual(auth, {
      userId: 2,
      backend: 'django.contrib.auth.backends.ModelBackend',
      hash: '3309172cb37527b3d6d64284c1f1fe76662a2e6e66b5e6d8511fee49ffeb85e7',
    });
    assert.equal(sessionAuthHash(V1_PASSWORD, KEY), auth.hash);
    assert.ok(verifyAuthHash(auth.hash, V1_PASSWORD, [KEY], false));
    assert.ok(!verifyAuthHash(auth.hash, V1_PASSWORD + 'x', [KEY], false));
  });

  test('V2: uncompressed', () => {
    assert.deepEqual(decodeSessionData(V2, modern), { cart: [1, 2, 3], seen_intro: true });
  });

  test('V4: one changed character is an empty session', () => {
    assert.equal(decodeSessionData(V4, modern), null);
  });

  test('the wrong key, the signed-cookie salt, or a re-encoded signature fail', () => {
    assert.equal(decodeSessionData(V1, { ...modern, keys: [OLD] }), null);
    assert.equal(decodeSessionData(V6, modern), null);
    // The signature's last char carries spare bits: a non-canonical twin decodes to the same bytes.
    const sig = V1.slice(V1.lastIndexOf(':') + 1);
    const twin = sig.slice(0, -1) + (sig.endsWith('I') ? 'J' : 'I');
    assert.deepEqual(Buffer.from(twin, 'base64url'), Buffer.from(sig, 'base64url'));
    assert.equal(decodeSessionData(V1.slice(0, -sig.length) + twin, modern), null);
    assert.equal(decodeSessionData(V1 + '=', modern), null);
  });

  test('V7: signed with a rotated-away key verifies only through the fallbacks', () => {
    assert.equal(decodeSessionData(V7, modern), null);
    const session = decodeSessionData(V7, { ...modern, keys: [KEY, OLD] });
    assert.ok(session);
    const auth = readSessionAuth(session);
    assert.equal(auth?.hash, 'c11a17ae002a88fa0d3df202d741a0918baed69fe562f6560df1401d79aaa814');
    assert.ok(!verifyAuthHash(auth.hash, V7_PASSWORD, [KEY], false));
    assert.ok(verifyAuthHash(auth.hash, V7_PASSWORD, [KEY, OLD], false));
  });
});

describe('legacy session_data (pre-3.1)', () => {
  test('V5 decodes only when legacy is accepted, and its SHA-1 auth hash matches', () => {
    assert.equal(decodeSessionData(V5, modern), null);
    const session = decodeSessionData(V5, legacy);
    assert.ok(session);
    const auth = readSessionAuth(session);
    assert.equal(auth?.hash, 'f174a6323c8caa003e186d47c545cdd0da52c38f');
    assert.ok(verifyAuthHash(auth.hash, V1_PASSWORD, [KEY], true));
    assert.ok(!verifyAuthHash(auth.hash, V1_PASSWORD, [KEY], false));
  });

  test('a changed JSON byte breaks the legacy hash', () => {
    const bytes = Buffer.from(V5, 'base64');
    bytes[bytes.length - 3] ^= 1;
    assert.equal(decodeSessionData(bytes.toString('base64'), legacy), null);
  });

  test('a legacy pickle is never unpickled', () => {
    const pickle = Buffer.from('80049503000000000000007d942e', 'hex'); // pickle.dumps({})
    const hash = saltedHmac('sha1', 'django.contrib.sessionsSessionStore', pickle, KEY).toString('hex');
    const data = Buffer.concat([Buffer.from(hash + ':'), pickle]).toString('base64');
    assert.equal(decodeSessionData(data, legacy), null);
  });
});

describe('signed_cookies engine', () => {
  const AGE = 1209600;
  test('V6 is valid up to and including SESSION_COOKIE_AGE seconds after signing', () => {
    assert.ok(decodeSignedCookie(V6, modern, AGE, V6_SIGNED_AT * 1000));
    assert.ok(decodeSignedCookie(V6, modern, AGE, (V6_SIGNED_AT + AGE) * 1000));
    assert.equal(decodeSignedCookie(V6, modern, AGE, (V6_SIGNED_AT + AGE) * 1000 + 1), null);
    assert.equal(decodeSignedCookie(V6, modern, 60, (V6_SIGNED_AT + 61) * 1000), null);
  });
  test('a db session string is not a signed cookie (other salt)', () => {
    assert.equal(decodeSignedCookie(V1, modern, AGE, V6_SIGNED_AT * 1000), null);
  });
});

describe('payload decoding', () => {
  const sign = (payload: string) => {
    const value = `${payload}:1xWD8j`;
    return `${value}:${saltedHmac('sha256', 'django.contrib.sessions.SessionStoresigner', value, KEY).toString('base64url')}`;
  };

  test('a correctly signed zip bomb is refused, not inflated', () => {
    const bomb = deflateSync(Buffer.concat([Buffer.from('{"a":"'), Buffer.alloc(MAX_SESSION_BYTES + 10, 0x61), Buffer.from('"}')]));
    assert.equal(decodeSessionData(sign('.' + bomb.toString('base64url')), modern), null);
    const fine = deflateSync(Buffer.from('{"a":"' + 'a'.repeat(1000) + '"}'));
    assert.deepEqual(decodeSessionData(sign('.' + fine.toString('base64url')), modern), { a: 'a'.repeat(1000) });
  });

  test('signed non-objects, bad JSON, raw deflate and gzip are empty sessions', () => {
    for (const json of ['[1,2]', 'null', '"x"', '7', '{bad', '']) {
      assert.equal(loadPayload(Buffer.from(json).toString('base64url')), null, json);
    }
    assert.equal(loadPayload('.' + Buffer.from('{}').toString('base64url')), null);
    assert.equal(decodeSessionData(sign('abc!'), modern), null);
  });

  test('a bad timestamp fails even where it is not checked', () => {
    const value = `e30:!!`;
    const signed = `${value}:${saltedHmac('sha256', 'django.contrib.sessions.SessionStoresigner', value, KEY).toString('base64url')}`;
    assert.equal(unsign(signed, 'django.contrib.sessions.SessionStore', { keys: [KEY], algorithms: ['sha256'] }), value);
    assert.equal(decodeSessionData(signed, modern), null);
  });

  test('base62 as Django decodes it', () => {
    assert.equal(base62Decode('1xWD8j'), V6_SIGNED_AT);
    assert.equal(base62Decode('0'), 0);
    assert.equal(base62Decode('-'), 0);
    assert.equal(base62Decode('-z'), -61);
    assert.equal(base62Decode(''), null);
    assert.equal(base62Decode('a+'), null);
  });
});

describe('readSessionAuth', () => {
  const base = { _auth_user_backend: 'b', _auth_user_hash: 'h' };
  test('the id is a decimal string or a JSON number', () => {
    assert.equal(readSessionAuth({ ...base, _auth_user_id: '2' })?.userId, 2);
    assert.equal(readSessionAuth({ ...base, _auth_user_id: 2 })?.userId, 2);
    for (const id of ['', 'x', '2.5', -1, 2.5, 1e300, null, [2], '99999999999999999999']) {
      assert.equal(readSessionAuth({ ...base, _auth_user_id: id }), null, String(id));
    }
  });
  test('a missing backend, a missing or empty hash, or an inherited key is no login', () => {
    assert.equal(readSessionAuth({ _auth_user_id: '2', _auth_user_hash: 'h' }), null);
    assert.equal(readSessionAuth({ _auth_user_id: '2', _auth_user_backend: 'b' }), null);
    assert.equal(readSessionAuth({ _auth_user_id: '2', _auth_user_backend: 'b', _auth_user_hash: '' }), null);
    assert.equal(readSessionAuth(Object.create({ _auth_user_id: '2', ...base })), null);
  });
});

describe('pythonB64decode, as binascii.a2b_base64 without validate', () => {
  test('matches Python on lenient and failing inputs', async () => {
    const { pythonB64decode } = await import('../../../src/identity/django/python-base64.js');
    // Outputs recorded from Python 3.11's base64.b64decode.
    const cases: [string, string | null][] = [
      ['YQ==', '61'], ['YQ===', '61'], ['YR==', '61'], ['Y Q==', '61'], ['YQ==YQ==', '61'], ['Y\x00Q==', '61'],
      ['YQ', null], ['Y', null], ['YWJj', '616263'], ['=YWJj', '616263'], ['Y=Q==', '61'], ['YW=', null], ['YWI=', '6162'], ['é', null], ['', ''],
    ];
    for (const [input, hex] of cases) assert.equal(pythonB64decode(input)?.toString('hex') ?? null, hex, JSON.stringify(input));
  });
});
