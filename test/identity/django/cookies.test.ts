import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isValidSessionKey, parseCookieHeader, unquoteCookieValue } from '../../../src/identity/django/cookies.js';

describe('parseCookieHeader, as django.http.cookie.parse_cookie', () => {
  test('splits on ; and at the first =, stripping spaces', () => {
    assert.deepEqual([...parseCookieHeader(' a = 1 ;b=x=y;  c=')], [['a', '1'], ['b', 'x=y'], ['c', '']]);
  });
  test('a later duplicate wins', () => {
    assert.equal(parseCookieHeader('sessionid=first; sessionid=second').get('sessionid'), 'second');
  });
  test('a piece without = is a value with an empty name; empty pieces vanish', () => {
    assert.deepEqual([...parseCookieHeader('lonely;; ;x=1')], [['', 'lonely'], ['x', '1']]);
  });
  test('strips what Python strips, not what JavaScript trims', () => {
    assert.equal(parseCookieHeader('\x1csessionid=abc\x1f').get('sessionid'), 'abc');
    assert.equal(parseCookieHeader('sessionid=abc\x85').get('sessionid'), 'abc');
    assert.equal(parseCookieHeader('sessionid=abc\ufeff').get('sessionid'), 'abc\ufeff');
  });
  test('names are case-sensitive', () => {
    assert.equal(parseCookieHeader('SessionId=abc').get('sessionid'), undefined);
  });
});

describe('unquoteCookieValue, as http.cookies._unquote', () => {
  test('removes quotes and decodes \\ooo and \\x escapes', () => {
    assert.equal(unquoteCookieValue('"abc"'), 'abc');
    assert.equal(unquoteCookieValue('"a\\073b\\"c\\\\"'), 'a;b"c\\');
    assert.equal(unquoteCookieValue('"\\400"'), '400');
  });
  test('leaves unbalanced or short values alone', () => {
    for (const v of ['"', '"abc', 'abc"', 'a"b"', '']) assert.equal(unquoteCookieValue(v), v);
  });
});

describe('isValidSessionKey', () => {
  test('8 to 40 characters of [a-z0-9]', () => {
    assert.ok(isValidSessionKey('l9b6w8ppvxuylv21xremct3k2zsqzxut'));
    assert.ok(isValidSessionKey('abcdefgh'));
    for (const k of ['abcdefg', 'A'.repeat(32), 'a'.repeat(41), 'abcdefgh ', "abcdefgh' OR 1=1", 'abcdéfgh']) {
      assert.ok(!isValidSessionKey(k), k);
    }
  });
});
