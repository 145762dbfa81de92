// Prometheus metrics: what operators need to see what the server is doing (GET /metrics).
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { StreamHub } from './services/hub.js';

export function createMetrics(hub: StreamHub) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const connections = new Gauge({
    name: 'parakeet_connections',
    help: 'Open event streams by transport',
    labelNames: ['transport'] as const,
    registers: [registry],
    collect() {
      for (const t of ['longpoll', 'sse', 'websocket'] as const) this.set({ transport: t }, hub.count(t));
    },
  });
  const commands = new Counter({
    name: 'parakeet_commands_total',
    help: 'Commands by name and outcome',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  return { registry, connections, commands };
}

export type Metrics = ReturnType<typeof createMetrics>;
