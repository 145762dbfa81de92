// Shared builders for the queue tests.
import { SupportQueue } from '../../../src/domain/queue/support-queue.js';
import type { QueueConfig } from '../../../src/domain/queue/config.js';
import type { GuestMetadata, HelperProfile, JoinRequest, LogEntry, Notice } from '../../../src/domain/queue/types.js';

export const T0 = 1_700_000_000_000;

export function metadata(over: Partial<GuestMetadata> = {}): GuestMetadata {
  return { product: null, version: null, os: null, locale: null, userAgent: null, addons: [], fields: {}, referrer: null, ...over };
}

export function request(over: Partial<JoinRequest> & { meta?: Partial<GuestMetadata> } = {}): JoinRequest {
  const { meta, ...rest } = over;
  return { question: 'help?', metadata: metadata(meta), ...rest };
}

export function profile(id: string, over: Partial<HelperProfile> = {}): HelperProfile {
  return { id, approved: true, maxChats: 3, skills: { locales: [], products: [], tags: [] }, ...over };
}

/** A queue with the given helpers registered and available at T0, each with `limit`. */
export function queueWith(helpers: (string | HelperProfile)[], limit = 1, config: Partial<QueueConfig> = {}): SupportQueue {
  const q = new SupportQueue(config);
  for (const h of helpers) {
    const p = typeof h === 'string' ? profile(h) : h;
    q.registerHelper(p, T0);
    q.setChatLimit(p.id, limit, T0);
    q.setHelperStatus(p.id, 'available', T0);
  }
  return q;
}

export function ofType<K extends Notice['type']>(notices: Notice[], type: K): Extract<Notice, { type: K }>[] {
  return notices.filter((n): n is Extract<Notice, { type: K }> => n.type === type);
}

export function logs<E extends LogEntry['event']>(notices: Notice[], event: E): Extract<LogEntry, { event: E }>[] {
  return ofType(notices, 'log')
    .map((n) => n.entry)
    .filter((e): e is Extract<LogEntry, { event: E }> => e.event === event);
}

/** The offer currently held by a guest, failing loudly if there is none. */
export function offerOf(q: SupportQueue, guestId: string) {
  const offer = q.state.guests.find((g) => g.id === guestId)?.offer;
  if (!offer) throw new Error(`${guestId} has no offer`);
  return offer;
}
