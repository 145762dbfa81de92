// Webhook deliveries: each event is stored as one delivery per subscribed target (the delivery log), then posted
// in the background and retried on the schedule of src/domain/staff/webhooks.ts. Nothing here runs on the
// request path: `emit` only starts the work, and a failing or slow receiver delays nobody but itself.
import { nextAttemptAt, signWebhook, type WebhookEvent, type WebhookTarget } from '../../domain/staff/webhooks.js';
import type { StaffStore, WebhookDelivery } from '../../storage/staff.js';

const TIMEOUT_MS = 10_000;
const BATCH = 20;

export interface WebhookDeps {
  store: StaffStore;
  targets: readonly WebhookTarget[];
  now: () => number;
  newId: () => string;
  random: () => number;
  report: (error: unknown) => void;
}

export class Webhooks {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(private readonly d: WebhookDeps) {}

  /** Stores the event for every target that wants it and starts delivering. Never throws, never waits. */
  emit(event: WebhookEvent, data: Record<string, unknown>): void {
    const targets = this.d.targets.filter((t) => t.events.includes(event));
    if (targets.length === 0 || this.closed) return;
    const now = this.d.now();
    const id = this.d.newId();
    const body = JSON.stringify({ id, event, time: now, data });
    const deliveries = targets.map(
      (t): WebhookDelivery => ({ id: this.d.newId(), event, url: t.url, body, state: 'pending', attempts: 0, nextAt: now, lastStatus: null, lastError: null, createdAt: now, updatedAt: now }),
    );
    this.d.store.addDeliveries(deliveries).then(() => this.wake(), this.d.report);
  }

  /** Runs every delivery that is due now, then sleeps until the next one. Also called after a restart. */
  wake(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.runDue().catch(this.d.report);
      } while (this.again && !this.closed);
      this.running = null;
      await this.schedule().catch(this.d.report);
    })();
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async runDue(): Promise<void> {
    for (;;) {
      const due = await this.d.store.dueDeliveries(this.d.now(), BATCH);
      await Promise.all(due.map((d) => this.attempt(d)));
      if (due.length < BATCH || this.closed) return;
    }
  }

  private async schedule(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = await this.d.store.nextDeliveryAt();
    if (next === null || this.closed) return;
    this.timer = setTimeout(() => void this.wake(), Math.max(0, next - this.d.now()));
    this.timer.unref();
  }

  private async attempt(d: WebhookDelivery): Promise<void> {
    const target = this.d.targets.find((t) => t.url === d.url);
    const attempts = d.attempts + 1;
    let status: number | null = null;
    let error: string | null = null;
    if (!target) {
      error = 'no longer configured';
    } else {
      const timestamp = this.d.now();
      try {
        const response = await fetch(d.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Parakeet-Webhooks',
            'x-parakeet-event': d.event,
            'x-parakeet-delivery': d.id,
            'x-parakeet-timestamp': String(timestamp),
            'x-parakeet-signature': signWebhook(target.secret, timestamp, d.body),
          },
          body: d.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        status = response.status;
        await response.body?.cancel();
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (e) {
        error = (e as Error).message;
      }
    }
    const now = this.d.now();
    const nextAt = error === null || !target ? null : nextAttemptAt(attempts, now, this.d.random());
    await this.d.store.updateDelivery(d.id, {
      state: error === null ? 'delivered' : nextAt === null ? 'failed' : 'pending',
      attempts,
      nextAt,
      lastStatus: status,
      lastError: error,
      updatedAt: now,
    });
  }
}
