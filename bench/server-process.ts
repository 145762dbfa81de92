// The server under test as a child process (fresh SQLite database, dev login on), and its CPU and RSS read
// from /proc while a step runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { round } from './stats.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const CLOCK_TICKS_PER_S = 100; // USER_HZ: `getconf CLK_TCK` is 100 on Linux x86-64 and arm64

export interface RunningServer {
  host: string;
  port: number;
  pid: number | null;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitReady(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before /readyz`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready within ${READY_TIMEOUT_MS} ms`);
}

/** Spawns `node dist/src/cli.js serve` on a free port with a fresh database; its output goes to our stderr. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run through \`npm run bench\`, which builds first`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'parakeet-bench-'));
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      PARAKEET_HOST: '127.0.0.1',
      PARAKEET_DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
      PARAKEET_DEV_LOGIN: 'true',
      PARAKEET_LOG_LEVEL: 'warn',
      PARAKEET_SECRET: randomBytes(24).toString('base64url'),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => process.stderr.write(`[server] ${d}`));
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[server] ${d}`));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(port, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host: '127.0.0.1', port, pid: child.pid ?? null, stop };
}

/** utime + stime of a process, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on; comm may hold spaces
  return Number(fields[11]) + Number(fields[12]);
}

export function rssKB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

/** Busy and total clock ticks of all cores (first line of /proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/**
 * Server CPU % and peak RSS between start() and end() (null when the server's pid is unknown), and how busy
 * the whole machine was: on shared cores, machine minus server minus generator is everyone else's load.
 */
export class ServerProbe {
  private machine = { busy: 0, total: 0 };
  private ticks = 0;
  private startedAt = 0;
  private peakKB = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly pid: number | null) {}

  start(): void {
    this.machine = machineTicks();
    if (this.pid === null) return;
    const pid = this.pid;
    this.ticks = cpuTicks(pid);
    this.startedAt = performance.now();
    this.peakKB = rssKB(pid);
    this.timer = setInterval(() => (this.peakKB = Math.max(this.peakKB, rssKB(pid))), 250);
  }

  end(): { serverCpuPct: number | null; serverRssMB: number | null; machineCpuPct: number } {
    const now = machineTicks();
    // In % of one core, like the process figures: 200 means both cores busy.
    const machineCpuPct = round(((now.busy - this.machine.busy) / (now.total - this.machine.total || 1)) * cpus().length * 100, 1);
    if (this.pid === null) return { serverCpuPct: null, serverRssMB: null, machineCpuPct };
    clearInterval(this.timer!);
    const seconds = (performance.now() - this.startedAt) / 1000;
    const cpu = (cpuTicks(this.pid) - this.ticks) / CLOCK_TICKS_PER_S / seconds;
    return { serverCpuPct: round(cpu * 100, 1), serverRssMB: round(Math.max(this.peakKB, rssKB(this.pid)) / 1024, 1), machineCpuPct };
  }
}
