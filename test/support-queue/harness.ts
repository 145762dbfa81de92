// A real server whose support queue runs on a manual clock: tests move time forward instead of sleeping.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import type { GlobalRole } from '../../src/domain/types.js';
import { createServer, type Server } from '../../src/server.js';
import type { Timer } from '../../src/services/support/clock.js';
import { ChatClient } from '../support/client.js';

/** Time that moves only when told; due timers run in order as it passes. */
export class ManualClock implements Timer {
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;
  constructor(public time = Date.now()) {}

  readonly now = () => this.time;

  set(fn: () => void, delayMs: number): () => void {
    const id = ++this.ids;
    this.timers.push({ at: this.time + delayMs, fn, id });
    return () => (this.timers = this.timers.filter((t) => t.id !== id));
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = end;
  }
}

export interface QueueServer extends Server {
  url: string;
  clock: ManualClock;
  /** A signed-in client whose account has exactly these roles. */
  user(name: string, roles: GlobalRole[]): Promise<ChatClient>;
}

export async function startQueueServer(overrides: Partial<Config> = {}, clock = new ManualClock()): Promise<QueueServer> {
  const dir = overrides.databaseUrl ? null : await mkdtemp(join(tmpdir(), 'parakeet-queue-'));
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
  const server = await createServer(config, undefined, clock.now);
  server.services.support.useTimer(clock);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    ...server,
    url,
    clock,
    async user(name, roles) {
      const client = await ChatClient.dev(url, name);
      await server.services.store.updateUser(client.user.id, { roles });
      return client;
    },
    async close() {
      await server.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
