// Phase d: many idle WebSocket users (in rooms of 10); server RSS before and after they connect, per connection.
import { readFileSync } from 'node:fs';
import type { BenchClient } from './clients/client.js';
import type { Target } from './http.js';
import { connectAll, populate } from './population.js';
import { rssKB, ServerProbe } from './server-process.js';
import { cpuPct, printLine, round } from './stats.js';
import { Recorder } from './step.js';

const SETTLE_MS = 3_000;
const CONNECT_CONCURRENCY = 50;

/** Each connection holds an fd here and one in the server (which inherits this limit when we spawn it). */
function checkFdLimit(connections: number): void {
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  const soft = match && match[1] !== 'unlimited' ? Number(match[1]) : Infinity;
  if (soft < connections + 500) throw new Error(`ulimit -n is ${soft}: raise it to at least ${connections + 500} in the shell that runs the bench`);
}

export interface IdleSpec {
  connections: number;
  roomSize: number;
  concurrency: number;
  prefix: string;
}

export async function idlePhase(target: Target, pid: number | null, spec: IdleSpec): Promise<BenchClient[]> {
  checkFdLimit(spec.connections);
  const rooms = Math.ceil(spec.connections / spec.roomSize);
  const members = await populate(target, spec.prefix, rooms, spec.roomSize, spec.concurrency);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const before = pid === null ? null : rssKB(pid);

  const recorder = new Recorder();
  const probe = new ServerProbe(pid);
  probe.start();
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const clients = await connectAll(target, members, 'ws', recorder, CONNECT_CONCURRENCY);
  const connectSeconds = (performance.now() - startedAt) / 1000;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const after = pid === null ? null : rssKB(pid);

  printLine({
    phase: 'd',
    transport: 'ws',
    clients: clients.length,
    rooms,
    connectSeconds: round(connectSeconds, 1),
    rssBeforeMB: before === null ? null : round(before / 1024, 1),
    rssAfterMB: after === null ? null : round(after / 1024, 1),
    kbPerConnection: before === null || after === null ? null : round((after - before) / clients.length, 1),
    disconnects: recorder.disconnects,
    ...probe.end(),
    generatorCpuPct: cpuPct(cpuBefore, performance.now() - startedAt),
  });
  return clients;
}
