// What operators touch: configuration checks, the CLI, health and readiness, metrics, OpenAPI, keepalives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ChatClient } from '../support/client.js';
import { startTestServer } from '../support/server.js';

test('configuration: environment over file over defaults, and a bad value names its setting', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parakeet-config-'));
  try {
    assert.equal(loadConfig({}).port, 8080);
    assert.equal(loadConfig({ PORT: '9000' }).port, 9000);
    const file = join(dir, 'parakeet.json');
    await writeFile(file, JSON.stringify({ port: 9100, historyDefault: 20 }));
    assert.deepEqual([loadConfig({ PARAKEET_CONFIG: file }).port, loadConfig({ PARAKEET_CONFIG: file, PORT: '9200' }).port], [9100, 9200]);
    assert.throws(() => loadConfig({ PORT: 'eighty' }), (e: Error) => e instanceof ConfigError && /PORT: invalid value "eighty"/.test(e.message));
    assert.throws(() => loadConfig({ PARAKEET_MAX_BODY_BYTES: '-1' }), /PARAKEET_MAX_BODY_BYTES/);
    assert.throws(() => loadConfig({ PARAKEET_SECRET: 'short' }), /PARAKEET_SECRET/);
    await writeFile(file, JSON.stringify({ prot: 1 }));
    assert.throws(() => loadConfig({ PARAKEET_CONFIG: file }), /unknown setting "prot"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('CLI: migrate, user add, user list, and a clear error for a bad setting', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parakeet-cli-'));
  const env = { ...process.env, PARAKEET_DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, PARAKEET_LOG_LEVEL: 'silent' };
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, encoding: 'utf8' });
  try {
    assert.equal(cli('migrate').status, 0);
    const add = cli('user', 'add', 'carol', '--password', 'correct horse', '--role', 'monitor', '--display-name', 'Carol M');
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /created carol .* roles: monitor/);
    assert.match(cli('user', 'list').stdout, /carol\tCarol M\tlocal\tmonitor/);
    const dup = cli('user', 'add', 'carol', '--password', 'correct horse');
    assert.notEqual(dup.status, 0);
    assert.match(dup.stderr, /name is taken/);
    const bad = cli('user', 'add', 'dave', '--password', 'correct horse', '--role', 'god');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--role: unknown role "god"/);
    const badEnv = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], { env: { ...env, PORT: 'x' }, encoding: 'utf8' });
    assert.equal(badEnv.status, 2);
    assert.match(badEnv.stderr, /PORT: invalid value "x"/);
    // The account created by the CLI signs in through the API.
    const server = await startTestServer({ databaseUrl: env.PARAKEET_DATABASE_URL });
    try {
      const carol = await ChatClient.login(server.url, 'carol', 'correct horse');
      assert.deepEqual((await carol.get('me')).user.roles, ['monitor']);
      const wrong = new ChatClient(server.url);
      await wrong.refreshCsrf();
      assert.equal((await wrong.raw('POST', '/api/login', { username: 'carol', password: 'wrong' })).status, 401);
    } finally {
      await server.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('health, readiness, metrics and the OpenAPI document', async () => {
  const server = await startTestServer();
  try {
    assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { ok: true });
    assert.deepEqual(await (await fetch(`${server.url}/readyz`)).json(), { ok: true });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /parakeet_connections\{transport="websocket"\} 0/);
    const spec = (await (await fetch(`${server.url}/docs/json`)).json()) as { paths: Record<string, unknown> };
    for (const path of ['/api/message', '/api/listen', '/api/events', '/api/join', '/api/history']) assert.ok(spec.paths[path], `${path} documented`);
    assert.equal((await fetch(`${server.url}/docs`, { redirect: 'manual' })).status < 400, true);
  } finally {
    await server.close();
  }
});

test('keepalives: SSE comments and WebSocket pings on idle streams', async () => {
  const server = await startTestServer({ keepaliveMs: 150 });
  try {
    const a = await ChatClient.dev(server.url, 'idle');
    const comment = await new Promise<string>((resolve, reject) => {
      const req = http.get(`${server.url}/api/events`, { headers: { cookie: a.cookieHeader() } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (chunk.includes(': keepalive')) {
            req.destroy();
            resolve(chunk);
          }
        });
      });
      req.on('error', reject);
    });
    assert.match(comment, /^: keepalive/m);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws`, { headers: { cookie: a.cookieHeader() } });
    await new Promise<void>((resolve) => ws.once('ping', () => resolve()));
    ws.terminate();
  } finally {
    await server.close();
  }
});

test('the session cookie is HttpOnly, SameSite=Lax and signed; Secure when reached over TLS through a trusted proxy', async () => {
  const server = await startTestServer({ trustProxy: true });
  try {
    const c = new ChatClient(server.url);
    await c.refreshCsrf();
    const res = await fetch(`${server.url}/api/dev/login`, {
      method: 'POST',
      headers: { cookie: c.cookieHeader(), 'x-csrf-token': c.csrf, 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ name: 'cookie-check' }),
    });
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith('parakeet_session='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Secure/);
    const tampered = `parakeet_session=${decodeURIComponent(cookie.split(';')[0].split('=')[1]).replace(/.$/, 'x')}`;
    assert.equal((await fetch(`${server.url}/api/rooms`, { headers: { cookie: tampered } })).status, 401);
  } finally {
    await server.close();
  }
});

test('PARAKEET_COOKIE_SAMESITE=none (the widget on another site): both cookies are SameSite=None and Secure', async () => {
  const server = await startTestServer({ cookieSameSite: 'none' });
  try {
    const c = new ChatClient(server.url);
    const me = await fetch(`${server.url}/api/me`);
    const csrfCookie = me.headers.getSetCookie().find((x) => x.startsWith('_csrf='))!;
    assert.match(csrfCookie, /SameSite=None/);
    assert.match(csrfCookie, /Secure/);
    c.cookies.set('_csrf', csrfCookie.split(';')[0].slice('_csrf='.length));
    c.csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
    const guest = await fetch(`${server.url}/api/guest`, {
      method: 'POST',
      headers: { cookie: c.cookieHeader(), 'x-csrf-token': c.csrf, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(guest.status, 200);
    const session = guest.headers.getSetCookie().find((x) => x.startsWith('parakeet_session='))!;
    assert.match(session, /SameSite=None/);
    assert.match(session, /Secure/);
    assert.match(session, /HttpOnly/);
  } finally {
    await server.close();
  }
});
