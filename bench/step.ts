// Counts one load step: what was sent, who received what (deduplicated per receiver, room and seq), and latency.
//
// Every body starts with "<step tag>|<performance.now() at send>|": the generator is one process, so that clock
// is shared by sender and receivers, and a delivery arriving after its step ended is told apart by the tag.
import { Latencies } from './stats.js';

export interface Receiver {
  /** Seqs this receiver got in the current step, per room. */
  readonly seen: Map<string, Set<number>>;
}

const PADDING = 'x'.repeat(100);

export class Step {
  sent = 0;
  expected = 0;
  received = 0;
  duplicates = 0;
  sendErrors = 0;
  firstError = '';
  disconnects = 0;
  readonly startedAt = performance.now();
  lastDeliveryAt = this.startedAt;
  readonly latencies = new Latencies();

  constructor(
    readonly tag: number,
    private readonly receivers: Receiver[],
  ) {
    for (const r of receivers) r.seen.clear();
  }

  /** A ~100-byte body carrying the step tag and the send time. */
  body(): string {
    const head = `${this.tag}|${performance.now().toFixed(3)}|`;
    return head + PADDING.slice(head.length);
  }

  deliver(receiver: Receiver, room: string, seq: number, body: string): void {
    const now = performance.now();
    const a = body.indexOf('|');
    const b = body.indexOf('|', a + 1);
    if (a < 0 || b < 0 || Number(body.slice(0, a)) !== this.tag) return; // an earlier step's straggler: counted lost there
    let seqs = receiver.seen.get(room);
    if (!seqs) receiver.seen.set(room, (seqs = new Set()));
    if (seqs.has(seq)) {
      this.duplicates++;
      return;
    }
    seqs.add(seq);
    this.received++;
    this.lastDeliveryAt = now;
    this.latencies.add(now - Number(body.slice(a + 1, b)));
  }

  sendError(message: string): void {
    if (this.sendErrors++ === 0) this.firstError = message;
  }

  /** Frees the per-receiver seq sets once the step is reported. */
  end(): void {
    for (const r of this.receivers) r.seen.clear();
  }
}

/** What clients report to: the step running now, swapped between steps. */
export class Recorder {
  step: Step | null = null;
  /** Over the whole phase, steps and pauses between them included. */
  disconnects = 0;

  deliver(receiver: Receiver, room: string, seq: number, body: string): void {
    this.step?.deliver(receiver, room, seq, body);
  }

  sendError(message: string): void {
    this.step?.sendError(message);
  }

  disconnect(): void {
    this.disconnects++;
    if (this.step) this.step.disconnects++;
  }
}
