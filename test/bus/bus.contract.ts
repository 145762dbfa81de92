// The bus contract (src/bus/bus.ts), run against every engine: delivery to the channel's subscribers only, in
// publish order, until they unsubscribe; and, for engines that span processes, between nodes without echoes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bus, BusMessage } from '../../src/bus/bus.js';

const event = (n: number): BusMessage => ({ type: 'status', time: n, payload: { user: { id: 'u', name: 'U' }, status: 'online' } });

export interface BusFactory {
  /** A new node on the same fabric (for the memory engine: the same bus). */
  node(): Promise<Bus>;
  /** Waits until messages published so far have crossed between nodes. */
  settle(): Promise<void>;
  closeAll(): Promise<void>;
}

export function busContract(name: string, factory: () => Promise<BusFactory | null>, crossesNodes: boolean): void {
  describe(`bus contract: ${name}`, () => {
    test('a subscriber hears its channel, in order, and nothing else; not after unsubscribing', async (t) => {
      const f = await factory();
      if (!f) return t.skip(`${name} not reachable: skipped (set CI=true to make this a failure)`);
      try {
        const bus = await f.node();
        const heard: number[] = [];
        const other: number[] = [];
        const stop = bus.subscribe('room:a', (m) => heard.push((m as { time: number }).time));
        bus.subscribe('room:b', (m) => other.push((m as { time: number }).time));
        for (let i = 1; i <= 100; i++) bus.publish('room:a', event(i));
        bus.publish('room:b', event(0));
        await f.settle();
        assert.deepEqual(heard, Array.from({ length: 100 }, (_, i) => i + 1));
        assert.deepEqual(other, [0]);
        stop();
        bus.publish('room:a', event(101));
        await f.settle();
        assert.equal(heard.length, 100);
      } finally {
        await f.closeAll();
      }
    });

    if (crossesNodes) {
      test('another node hears every publish once, in order; the publisher hears its own once', async (t) => {
        const f = await factory();
        if (!f) return t.skip(`${name} not reachable: skipped (set CI=true to make this a failure)`);
        try {
          const [a, b] = [await f.node(), await f.node()];
          const onA: number[] = [];
          const onB: number[] = [];
          a.subscribe('user:x', (m) => onA.push((m as { time: number }).time));
          b.subscribe('user:x', (m) => onB.push((m as { time: number }).time));
          for (let i = 1; i <= 200; i++) (i % 2 ? a : b).publish('user:x', event(i));
          await f.settle();
          const all = Array.from({ length: 200 }, (_, i) => i + 1);
          assert.deepEqual([...onA].sort((x, y) => x - y), all);
          assert.deepEqual([...onB].sort((x, y) => x - y), all);
          // Per publisher, order is kept.
          assert.deepEqual(onB.filter((n) => n % 2), all.filter((n) => n % 2));
        } finally {
          await f.closeAll();
        }
      });
    }
  });
}
