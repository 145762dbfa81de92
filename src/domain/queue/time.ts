// What the passing of time does: silent guests leave, unanswered offers time out, pending position
// notices fall due. Also tells the service when the next of these happens.
import { estimates } from './estimate.js';
import { nextScheduleChange } from './schedule.js';
import { log, removeGuest, requeue, type Step } from './step.js';
import type { QueueConfig } from './config.js';
import type { SupportQueueState } from './types.js';

/** Expire heartbeats first so a guest who is gone is never re-offered in the same step. */
export function advance(step: Step): void {
  const { state, config, now } = step;
  for (const guest of state.guests.filter((g) => now - g.lastSeen >= config.guestTimeoutMs)) removeGuest(step, guest, 'timeout');
  for (const guest of state.guests) {
    const offer = guest.offer;
    if (!offer || now < offer.expiresAt) continue;
    // An ignored offer counts as a rejection: the guest moves on and never comes back to this helper.
    guest.offer = null;
    requeue(step, guest);
    guest.rejectedBy.push(offer.helperId);
    step.notices.push({ type: 'helper.offerRevoked', helperId: offer.helperId, offerId: offer.id, guestId: guest.id, reason: 'timeout' });
    log(step, { event: 'timed_out', guestId: guest.id, helperId: offer.helperId, offerId: offer.id });
  }
}

/** Send each guest their position/wait when it changed, at most once per noticeIntervalMs; the rest waits for a tick. */
export function emitPositions(step: Step): void {
  const { state, config, now } = step;
  const byId = new Map(state.guests.map((g) => [g.id, g]));
  for (const { guestId, position, waitMs } of estimates(state, config)) {
    const guest = byId.get(guestId)!;
    const last = guest.lastSent;
    if (last && last.position === position && last.waitMs === waitMs) continue;
    if (last && now - last.at < config.noticeIntervalMs) continue;
    guest.lastSent = { position, waitMs, at: now };
    step.notices.push({ type: 'guest.position', guestId, position, waitMs });
  }
}

/** The earliest time a tick would change something, or null if nothing is pending. */
export function nextWakeAt(state: SupportQueueState, config: QueueConfig): number | null {
  const times: number[] = [];
  const current = new Map(estimates(state, config).map((e) => [e.guestId, e]));
  for (const g of state.guests) {
    times.push(g.lastSeen + config.guestTimeoutMs);
    if (g.offer) times.push(g.offer.expiresAt);
    else if (state.now < g.queuedAt + config.matchFallbackMs) times.push(g.queuedAt + config.matchFallbackMs);
    const e = current.get(g.id)!;
    if (g.lastSent && (g.lastSent.position !== e.position || g.lastSent.waitMs !== e.waitMs)) times.push(g.lastSent.at + config.noticeIntervalMs);
  }
  if (config.schedule && !state.manual) {
    const change = nextScheduleChange(config.schedule, state.now);
    if (change !== null) times.push(change);
  }
  return times.length ? Math.min(...times) : null;
}
