// Load generator for Parakeet: `npm run bench -- --help`. One JSON line per step on stdout, progress on stderr.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { BenchClient } from './clients/client.js';
import { dispatchPhase } from './dispatch.js';
import { newAgent, type Target } from './http.js';
import { idlePhase } from './idle.js';
import { ramp, runStep, type StepSpec } from './load.js';
import { connectAll, populate, type Transport } from './population.js';
import { ServerProbe, startServer } from './server-process.js';
import { Recorder } from './step.js';

const HELP = `Usage: npm run bench -- [options]

Drives a Parakeet server over WebSocket and long-poll from this one process and prints one JSON line per step:
{phase, transport, clients, rooms, rate, sent, expected, received, lost, duplicates, deliveriesPerSec,
 latency {p50,p95,p99,max} (ms), serverCpuPct, serverRssMB, machineCpuPct, generatorCpuPct, clean}; CPU figures
 are % of one core. Ramps end with a summary line.

By default each phase starts its own server (node dist/src/cli.js serve, fresh SQLite database in a temp dir,
dev login on, bound to 127.0.0.1) and stops it afterwards.

Phases:
  a  seed load: --rooms x --room-size users, --seed-rate msg/s in total for --duration s
  b  same rooms, rate ramped x--factor every --step s from --b-start until a step is not clean
  c  one room of --big-room users, ramped the same way from --c-start
  d  --idle idle WebSocket users in rooms of --room-size: server RSS per connection (ws only)
  A step is clean when p99 <= --p99-limit ms, nothing is lost or duplicated, no send fails, nobody disconnects.
  dispatch (not part of all): the support queue. --helpers helpers (WebSocket, on duty with --helper-limit seats,
     accepting every offer at once) and --guests guests (WebSocket open, support_ask over HTTP); then helpers end
     chats at --end-rate/s, each end freeing a seat the dispatcher fills from the queue. One line: offers/s and
     seatToOffer {p50,p95,p99,max} (ms from sending support_end to that helper's next support_offer); clean when
     p99 <= --dispatch-p99-limit ms, every seat refilled, no error. The server gets PARAKEET_QUEUE_MAX_WAITING=5000
     and 10-min offer and guest timeouts (with --url, start it so).

Options:
  --phase a|b|c|d|all|dispatch   (default all)
  --transport ws|longpoll|both   (default both; phase d is ws only)
  --duration S             phase a length (default 30)
  --seed-rate N            phase a msg/s in total (default 10)
  --step S                 ramp step length (default 6)
  --drain S                wait at most S after a step for deliveries (default 3)
  --factor F               ramp multiplier (default 1.5)
  --b-start N, --c-start N first ramp rate, msg/s (defaults 200, 10)
  --max-rate N             never ramp above N msg/s (default 20000)
  --max-steps N            at most N steps per ramp, retries included (default 14)
  --retries N              run a step that is not clean again up to N times before stopping (default 1):
                           the cores may be shared, and one spike should not end a ramp
  --p99-limit MS           (default 250)
  --rooms N, --room-size N (defaults 50, 10)
  --big-room N             phase c room size (default 500)
  --idle N                 phase d connections (default 5000)
  --concurrency N          sign-ins and joins in flight (default 20)
  --guests N, --helpers N  phase dispatch (defaults 1000, 200)
  --helper-limit N         phase dispatch: seats per helper, at most 3 (default 2)
  --end-rate N             phase dispatch: support_end per second in total (default 50)
  --dispatch-p99-limit MS  (default 20)
  --url http://127.0.0.1:PORT   use a running server (it must have PARAKEET_DEV_LOGIN=true)
  --server-pid PID         with --url: sample that process's CPU and RSS
  --time-limit S           give up (and stop the server) after S seconds in all (default 900)
  -h, --help`;

const { values: opts } = parseArgs({
  options: {
    phase: { type: 'string', default: 'all' },
    transport: { type: 'string', default: 'both' },
    duration: { type: 'string', default: '30' },
    'seed-rate': { type: 'string', default: '10' },
    step: { type: 'string', default: '6' },
    drain: { type: 'string', default: '3' },
    factor: { type: 'string', default: '1.5' },
    'b-start': { type: 'string', default: '200' },
    'c-start': { type: 'string', default: '10' },
    'max-rate': { type: 'string', default: '20000' },
    'max-steps': { type: 'string', default: '14' },
    retries: { type: 'string', default: '1' },
    'p99-limit': { type: 'string', default: '250' },
    rooms: { type: 'string', default: '50' },
    'room-size': { type: 'string', default: '10' },
    'big-room': { type: 'string', default: '500' },
    idle: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '20' },
    guests: { type: 'string', default: '1000' },
    helpers: { type: 'string', default: '200' },
    'helper-limit': { type: 'string', default: '2' },
    'end-rate': { type: 'string', default: '50' },
    'dispatch-p99-limit': { type: 'string', default: '20' },
    url: { type: 'string' },
    'server-pid': { type: 'string' },
    'time-limit': { type: 'string', default: '900' },
    help: { type: 'boolean', short: 'h' },
  },
});

function num(name: keyof typeof opts): number {
  const n = Number(opts[name]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got ${JSON.stringify(opts[name])}`);
  return n;
}

const runId = randomBytes(3).toString('hex');
const log = (text: string) => process.stderr.write(`[bench] ${text}\n`);
let stopServer: (() => Promise<void>) | null = null;

/** Runs `fn` against the --url server, or a fresh child server stopped afterwards. */
async function withServer(fn: (target: Target, pid: number | null) => Promise<void>, sockets: number, env: Record<string, string> = {}): Promise<void> {
  const agent = newAgent(sockets);
  try {
    if (opts.url) {
      const url = new URL(opts.url);
      await fn({ host: url.hostname, port: Number(url.port || 80), agent }, opts['server-pid'] ? Number(opts['server-pid']) : null);
      return;
    }
    const server = await startServer(env);
    stopServer = server.stop;
    try {
      log(`server pid ${server.pid} on port ${server.port}`);
      await fn({ host: server.host, port: server.port, agent }, server.pid);
    } finally {
      await server.stop();
      stopServer = null;
    }
  } finally {
    agent.destroy(); // also aborts polls still held
  }
}

async function loadPhase(phase: 'a' | 'b' | 'c', transport: Transport): Promise<void> {
  const [rooms, roomSize] = phase === 'c' ? [1, num('big-room')] : [num('rooms'), num('room-size')];
  const users = rooms * roomSize;
  await withServer(async (target, pid) => {
    log(`phase ${phase} ${transport}: signing in ${users} users in ${rooms} room(s)`);
    const members = await populate(target, `${phase}${transport[0]}${runId}`, rooms, roomSize, num('concurrency'));
    const recorder = new Recorder();
    let clients: BenchClient[] = [];
    try {
      clients = await connectAll(target, members, transport, recorder, num('concurrency'));
      const spec: StepSpec = { phase, transport, clients, rooms, roomSize, seconds: num('step'), drainMs: num('drain') * 1000, p99LimitMs: num('p99-limit') };
      const probe = new ServerProbe(pid);
      log(`phase ${phase} ${transport}: ${clients.length} clients connected, loading`);
      if (phase === 'a') await runStep({ ...spec, seconds: num('duration') }, num('seed-rate'), recorder, probe);
      else await ramp({ ...spec, startRate: num(phase === 'b' ? 'b-start' : 'c-start'), factor: num('factor'), maxRate: num('max-rate'), maxSteps: num('max-steps'), retries: Number(opts.retries) }, recorder, probe);
    } finally {
      for (const c of clients) c.close();
    }
  }, users * 2 + 256);
}

async function main(): Promise<void> {
  if (opts.help) return console.log(HELP);
  const phases = opts.phase === 'all' ? ['a', 'b', 'c', 'd'] : [opts.phase!];
  const transports: Transport[] = opts.transport === 'both' ? ['ws', 'longpoll'] : [opts.transport as Transport];
  if (opts.phase !== 'dispatch' && !phases.every((p) => 'abcd'.includes(p) && p.length === 1)) throw new Error(`--phase: expected a, b, c, d, all or dispatch`);
  if (!transports.every((t) => t === 'ws' || t === 'longpoll')) throw new Error(`--transport: expected ws, longpoll or both`);

  // Every loop below is bounded on its own; this bounds the whole run even if the server stops answering.
  setTimeout(() => {
    log(`--time-limit ${opts['time-limit']} s passed: giving up`);
    void (stopServer ?? (async () => {}))().finally(() => process.exit(2));
  }, num('time-limit') * 1000).unref();

  if (opts.phase === 'dispatch') return dispatch();
  for (const transport of transports) for (const phase of phases) if (phase !== 'd') await loadPhase(phase as 'a' | 'b' | 'c', transport);
  if (phases.includes('d')) {
    if (!transports.includes('ws')) log('phase d runs over WebSocket only: skipped');
    else
      await withServer(async (target, pid) => {
        log(`phase d: ${num('idle')} idle WebSocket users`);
        const clients = await idlePhase(target, pid, { connections: num('idle'), roomSize: num('room-size'), concurrency: num('concurrency'), prefix: `dw${runId}` });
        for (const c of clients) c.close();
      }, 256);
  }
}

/** The support queue's dispatcher: nothing may time out during the run, and the queue must not close at 50. */
async function dispatch(): Promise<void> {
  const env = { PARAKEET_QUEUE_MAX_WAITING: '5000', PARAKEET_QUEUE_OFFER_TIMEOUT_MS: '600000', PARAKEET_QUEUE_GUEST_TIMEOUT_MS: '600000' };
  await withServer(
    (target, pid) =>
      dispatchPhase(target, pid, {
        guests: num('guests'),
        helpers: num('helpers'),
        limit: num('helper-limit'),
        endRate: num('end-rate'),
        concurrency: num('concurrency'),
        prefix: `q${runId}`,
        p99LimitMs: num('dispatch-p99-limit'),
        log,
      }),
    num('concurrency') * 2 + 256,
    env,
  );
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    await stopServer?.();
    process.exit(1);
  },
);
