// A user on the long-poll transport: GET /api/listen held until events exist, POST /api/message to send.
import type { Target } from '../http.js';
import { ok, type Session } from '../session.js';
import type { Recorder } from '../step.js';
import type { BenchClient } from './client.js';

const RETRY_MS = 200;

interface Batch {
  queue: string;
  cursor: string;
  events: Array<{ type: string; room?: string; seq?: number; payload?: { body?: string } }>;
}

class LongPollClient implements BenchClient {
  readonly seen = new Map<string, Set<number>>();
  private closed = false;

  constructor(
    private readonly target: Target,
    private readonly session: Session,
    readonly room: string,
    private readonly recorder: Recorder,
    private queue: string,
    private cursor: string,
  ) {}

  send(body: string, clientId: string): void {
    this.session.post(this.target, '/api/message', { room: this.room, body, clientId }).then(
      (r) => r.status >= 300 && this.recorder.sendError(`POST /api/message HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`),
      (e: Error) => this.recorder.sendError(`POST /api/message ${e.message}`),
    );
  }

  close(): void {
    this.closed = true;
  }

  /** Polls until close(); a failed poll counts as a disconnect and is retried with the same cursor. */
  async run(): Promise<void> {
    while (!this.closed) {
      try {
        const r = await this.session.get(this.target, `/api/listen?cursor=${encodeURIComponent(this.cursor)}&queue=${encodeURIComponent(this.queue)}`);
        if (this.closed) return;
        if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
        const batch = r.body as Batch;
        this.queue = batch.queue;
        this.cursor = batch.cursor;
        for (const e of batch.events) if (e.type === 'message') this.recorder.deliver(this, e.room!, e.seq!, e.payload?.body ?? '');
      } catch {
        if (this.closed) return;
        this.recorder.disconnect();
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }
}

/** Registers a queue (the first poll answers at once with the starting cursor) and starts polling. */
export async function connectLongPoll(target: Target, session: Session, room: string, recorder: Recorder): Promise<BenchClient> {
  const first = ok(`GET /api/listen ${session.name}`, await session.get(target, '/api/listen')) as Batch;
  const client = new LongPollClient(target, session, room, recorder, first.queue, first.cursor);
  void client.run();
  return client;
}
