// Latency samples and the one-JSON-line-per-step report.

/** Growable Float64Array of latencies in ms: no per-sample object, sorted once at the end of a step. */
export class Latencies {
  private buf = new Float64Array(1 << 16);
  private n = 0;

  add(ms: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = ms;
  }

  summary(): { p50: number; p95: number; p99: number; max: number } {
    const sorted = this.buf.subarray(0, this.n).sort();
    const at = (q: number) => (this.n === 0 ? 0 : round(sorted[Math.min(this.n - 1, Math.ceil(q * this.n) - 1)]));
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
  }
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** CPU % of this generator process between two process.cpuUsage() readings over `wallMs`. */
export function cpuPct(before: NodeJS.CpuUsage, wallMs: number): number {
  const used = process.cpuUsage(before);
  return round(((used.user + used.system) / 1000 / wallMs) * 100, 1);
}

export function printLine(line: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}
