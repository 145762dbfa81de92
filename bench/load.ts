// Open-loop load: a step sends `rate` msg/s for a bounded time, drains, and prints one JSON line; a ramp
// multiplies the rate step by step until a step is no longer clean.
import type { BenchClient } from './clients/client.js';
import type { ServerProbe } from './server-process.js';
import { cpuPct, printLine, type Latencies } from './stats.js';
import { Step, type Recorder } from './step.js';

const TICK_MS = 2;
const DRAIN_POLL_MS = 20;
const PAUSE_BETWEEN_STEPS_MS = 1_000;

export interface StepSpec {
  phase: string;
  transport: string;
  clients: BenchClient[];
  rooms: number;
  roomSize: number;
  seconds: number;
  drainMs: number;
  p99LimitMs: number;
}

let nextTag = 1;

export interface StepLine extends Record<string, unknown> {
  rate: number;
  latency: ReturnType<Latencies['summary']>;
  deliveriesPerSec: number;
  clean: boolean;
}

export async function runStep(spec: StepSpec, rate: number, recorder: Recorder, probe: ServerProbe, retry = false): Promise<StepLine> {
  const { clients } = spec;
  const step = new Step(nextTag++, clients);
  const total = Math.max(1, Math.round(rate * spec.seconds));
  recorder.step = step;
  probe.start();
  const cpuBefore = process.cpuUsage();

  // Due messages go out on each tick, so a late timer catches up rather than lowering the rate.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - step.startedAt) / 1000) * rate) + 1);
      while (step.sent < due) {
        clients[step.sent % clients.length].send(step.body(), `${step.tag}-${step.sent}`);
        step.sent++;
      }
      if (step.sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  step.expected = step.sent * spec.roomSize;
  const drainUntil = performance.now() + spec.drainMs;
  while (step.received < step.expected && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));

  recorder.step = null;
  const wallMs = performance.now() - step.startedAt;
  const latency = step.latencies.summary();
  const deliverySeconds = (step.lastDeliveryAt - step.startedAt) / 1000;
  const lost = step.expected - step.received;
  const line: StepLine = {
    phase: spec.phase,
    transport: spec.transport,
    clients: clients.length,
    rooms: spec.rooms,
    rate,
    seconds: spec.seconds,
    sent: step.sent,
    expected: step.expected,
    received: step.received,
    lost,
    duplicates: step.duplicates,
    sendErrors: step.sendErrors,
    disconnects: step.disconnects,
    deliveriesPerSec: deliverySeconds > 0 ? Math.round(step.received / deliverySeconds) : 0,
    latency,
    ...probe.end(),
    generatorCpuPct: cpuPct(cpuBefore, wallMs),
    clean: lost === 0 && step.duplicates === 0 && step.sendErrors === 0 && step.disconnects === 0 && latency.p99 <= spec.p99LimitMs,
  };
  if (step.firstError) line.firstError = step.firstError;
  if (retry) line.retry = true;
  step.end();
  printLine(line);
  return line;
}

export interface RampSpec extends StepSpec {
  startRate: number;
  factor: number;
  maxRate: number;
  maxSteps: number;
  /** A step that is not clean is run again this many times before the ramp stops: the cores are shared. */
  retries: number;
}

/** Steps up until one is not clean (p99 over the limit, loss, duplicates, errors, disconnects) or a bound is hit. */
export async function ramp(spec: RampSpec, recorder: Recorder, probe: ServerProbe): Promise<void> {
  let best: StepLine | null = null;
  let stoppedBecause = `maxSteps ${spec.maxSteps} reached`;
  let rate = spec.startRate;
  let retriesLeft = spec.retries;
  let retry = false;
  for (let i = 0; i < spec.maxSteps; i++) {
    if (rate > spec.maxRate) {
      stoppedBecause = `maxRate ${spec.maxRate} reached`;
      break;
    }
    const line = await runStep(spec, rate, recorder, probe, retry);
    retry = !line.clean && retriesLeft-- > 0;
    if (retry) {
      await new Promise((r) => setTimeout(r, PAUSE_BETWEEN_STEPS_MS));
      continue;
    }
    if (!line.clean) {
      stoppedBecause = `step at ${rate} msg/s not clean`;
      break;
    }
    retriesLeft = spec.retries;
    best = line;
    rate = Math.round(rate * spec.factor);
    await new Promise((r) => setTimeout(r, PAUSE_BETWEEN_STEPS_MS));
  }
  printLine({
    phase: spec.phase,
    transport: spec.transport,
    summary: true,
    highestCleanRate: best?.rate ?? null,
    highestCleanDeliveriesPerSec: best?.deliveriesPerSec ?? null,
    highestCleanP99: best?.latency.p99 ?? null,
    stoppedBecause,
    disconnectsInPhase: recorder.disconnects,
  });
}
