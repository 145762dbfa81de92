// The support queue as staff see it: the live view (support_queue, refreshed on queue events and every few
// seconds), offers addressed to me with their deadlines, and which room belongs to which support chat.
import type { Connection } from './connection.js';
import { ApiError } from './http.js';
import { Observable } from './observable.js';
import type { Offer, QueueView } from './support-types.js';

const REFRESH_MS = 5_000;
const QUEUE_EVENTS = new Set(['queue_status', 'support_assigned', 'support_offer', 'support_offer_revoked', 'support_ended', 'support_transferred']);

export class SupportStore extends Observable {
  view: QueueView | null = null;
  offers: Offer[] = [];
  /** room id → support chat id, from assignments and the view. */
  readonly chatOfRoom = new Map<string, string>();
  error = '';
  /** Called for each new offer (sound, notification). */
  onOffer: (offer: Offer) => void = () => {};
  private timer = 0;

  constructor(readonly conn: Connection) {
    super();
    conn.onEvent((e) => {
      if (e.type === 'support_offer') {
        const offer = e.payload as unknown as Offer;
        this.offers = [...this.offers.filter((o) => o.offer !== offer.offer), offer];
        this.onOffer(offer);
      } else if (e.type === 'support_offer_revoked') {
        this.offers = this.offers.filter((o) => o.offer !== e.payload.offer);
      } else if (e.type === 'support_assigned') {
        this.chatOfRoom.set(String(e.payload.room), String(e.payload.chat));
      }
      if (QUEUE_EVENTS.has(e.type)) {
        this.changed();
        void this.refresh();
      }
    });
  }

  start(): void {
    void this.refresh();
    this.timer = window.setInterval(() => void this.refresh(), REFRESH_MS);
  }

  stop(): void {
    window.clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    try {
      this.view = (await this.conn.get('support_queue')) as unknown as QueueView;
      for (const c of this.view.chats) if (c.room) this.chatOfRoom.set(c.room, c.chat);
      this.error = '';
    } catch (e) {
      this.error = e instanceof ApiError && e.retryable ? this.error : e instanceof Error ? e.message : String(e);
    }
    this.changed();
  }

  /** Runs a support command, then refreshes the view; returns the error message or ''. */
  async run(name: string, args: Record<string, unknown> = {}): Promise<string> {
    return (await this.runFor(name, args)).error;
  }

  /** Like run, with the command's answer (for example the room of an accepted offer). */
  async runFor(name: string, args: Record<string, unknown> = {}): Promise<{ error: string; result?: Record<string, unknown> }> {
    try {
      const result = await this.conn.post(name, args);
      if (typeof result.room === 'string' && typeof result.chat === 'string') this.chatOfRoom.set(result.room, result.chat);
      if (name === 'support_accept' || name === 'support_reject') this.offers = this.offers.filter((o) => o.offer !== args.offer);
      await this.refresh();
      return { error: '', result };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }
}
