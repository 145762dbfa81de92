// parakeet user grant / revoke: roles of local accounts, from the command line, seen by a running server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/storage/kysely/kysely-store.js';
import { ChatClient } from '../support/client.js';
import { startTestServer } from '../support/server.js';

test('CLI: user grant and user revoke change a local account\'s roles; other accounts and bad roles are refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parakeet-cli-roles-'));
  const databaseUrl = `sqlite:${join(dir, 'db.sqlite')}`;
  const env = { ...process.env, PARAKEET_DATABASE_URL: databaseUrl, PARAKEET_LOG_LEVEL: 'silent' };
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, encoding: 'utf8' });
  try {
    assert.equal(cli('user', 'add', 'tom', '--password', 'correct horse', '--role', 'trainee').status, 0);
    const grant = cli('user', 'grant', 'tom', 'helper');
    assert.equal(grant.status, 0, grant.stderr);
    assert.equal(grant.stdout.trim(), 'tom roles: trainee, helper');
    assert.equal(cli('user', 'grant', 'tom', 'helper').stdout.trim(), 'tom roles: trainee, helper', 'granting twice changes nothing');
    assert.equal(cli('user', 'revoke', 'tom', 'trainee').stdout.trim(), 'tom roles: helper');

    const unknownRole = cli('user', 'grant', 'tom', 'god');
    assert.equal(unknownRole.status, 2);
    assert.match(unknownRole.stderr, /unknown role "god"/);
    assert.equal(cli('user', 'grant', 'tom', 'guest').status, 2, 'guest is not a role to grant');
    const nobody = cli('user', 'revoke', 'nobody', 'helper');
    assert.equal(nobody.status, 1);
    assert.match(nobody.stderr, /No user named nobody/);

    const store = await openStore(databaseUrl);
    try {
      await store.createUser({ id: 'd1', name: 'dj', displayName: 'Django user', source: 'django', externalId: '7', roles: ['guest'], createdAt: 1 });
    } finally {
      await store.close();
    }
    const django = cli('user', 'grant', 'dj', 'helper');
    assert.equal(django.status, 1);
    assert.match(django.stderr, /dj is a django user: their roles come from Django groups and permissions/);

    // The server reads the changed roles: tom signs in as a helper only.
    const server = await startTestServer({ databaseUrl });
    try {
      const tom = await ChatClient.login(server.url, 'tom', 'correct horse');
      assert.deepEqual((await tom.get('me')).user.roles, ['helper']);
    } finally {
      await server.close();
    }
    assert.match(cli('user', 'revoke', 'tom', 'helper').stdout, /tom roles: \(none\)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
