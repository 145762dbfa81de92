// A real Parakeet server on 127.0.0.1 and a random port, with its own fresh database, torn down after the test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import type { IdentityProviders } from '../../src/identity/identity.js';
import { createServer, type Server } from '../../src/server.js';

export interface TestServer extends Server {
  url: string;
  port: number;
}

export interface TestServerOptions {
  /** The server's clock (sessions, lockouts, re-checks); real time when absent. */
  now?: () => number;
  /** Identity providers; standalone (no Django site) when absent. */
  providers?: IdentityProviders;
}

export async function startTestServer(overrides: Partial<Config> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  let dir: string | null = null;
  if (!overrides.databaseUrl) dir = await mkdtemp(join(tmpdir(), 'parakeet-test-'));
  const config = loadConfig(
    {},
    {
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
      devLogin: true,
      secret: 'test-secret-test-secret-test-secret-0123',
      ...(dir ? { databaseUrl: `sqlite:${join(dir, 'db.sqlite')}` } : {}),
      ...overrides,
    },
  );
  const server = await createServer(config, undefined, options.now, options.providers ?? { django: null });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ...server,
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      await server.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
