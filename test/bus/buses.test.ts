// The bus contract on the in-process engine and on Redis (the cluster engine).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { MemoryBus } from '../../src/bus/memory.js';
import { RedisBus } from '../../src/bus/redis.js';
import { busContract } from './bus.contract.js';

const REDIS_URL = process.env.PARAKEET_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`Redis not reachable at ${REDIS_URL}: ${(error as Error).message}`);
    return false;
  } finally {
    probe.disconnect();
  }
}

busContract(
  'memory',
  async () => {
    const bus = new MemoryBus();
    return { node: async () => bus, settle: async () => {}, closeAll: () => bus.close() };
  },
  false,
);

busContract(
  'redis',
  async () => {
    if (!(await redisReachable())) return null;
    const prefix = `parakeet-test-${randomBytes(6).toString('hex')}:`; // each test its own key space
    const nodes: RedisBus[] = [];
    return {
      async node() {
        const bus = new RedisBus(REDIS_URL, prefix);
        await bus.ready();
        nodes.push(bus);
        return bus;
      },
      // Every node publishes a marker after its other messages; Redis keeps each connection's order, so once every
      // node has heard every marker, everything published before has arrived.
      async settle() {
        const heard = nodes.map(() => 0);
        const done = Promise.all(
          nodes.map(
            (n, i) =>
              new Promise<void>((resolve) => {
                const stop = n.subscribe('user:settle', () => {
                  heard[i] += 1;
                  if (heard[i] === nodes.length) {
                    stop();
                    resolve();
                  }
                });
              }),
          ),
        );
        for (const n of nodes) n.publish('user:settle', { type: 'status', time: 0, payload: { user: { id: 's', name: 's' }, status: 'online' } });
        await done;
      },
      async closeAll() {
        await Promise.all(nodes.map((n) => n.close()));
      },
    };
  },
  true,
);
