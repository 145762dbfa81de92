// Positions and wait estimates. A guest's wait is how long until enough seats free up for everyone
// ahead of them: seats on duty turn over once per average handling time.
import type { QueueConfig } from './config.js';
import type { Estimate, SupportQueueState } from './types.js';

/** Moving average of the recent handling times, or the configured default before any chat has ended. */
export function averageHandlingMs(state: SupportQueueState, config: QueueConfig): number {
  const d = state.durations;
  return d.length === 0 ? config.defaultHandlingMs : d.reduce((sum, x) => sum + x, 0) / d.length;
}

export interface Capacity {
  /** Seats of helpers who take offers now (approved and available). */
  seats: number;
  /** Of those, seats not taken by a chat or an outstanding offer. */
  free: number;
}

export function capacity(state: SupportQueueState): Capacity {
  const offers = new Map<string, number>();
  for (const g of state.guests) if (g.offer) offers.set(g.offer.helperId, (offers.get(g.offer.helperId) ?? 0) + 1);
  let seats = 0;
  let free = 0;
  for (const h of Object.values(state.helpers)) {
    if (!h.approved || h.status !== 'available') continue;
    seats += h.limit;
    // Per helper, so one over a lowered limit does not eat other helpers' free seats.
    free += Math.max(0, h.limit - h.chats.length - (offers.get(h.id) ?? 0));
  }
  return { seats, free };
}

/**
 * Wait for the guest at 1-based `position` among those not yet offered: nothing while a free seat is
 * left for them, then one handling time per `seats` guests ahead. Rounded to whole seconds so tiny
 * changes do not cause notices. Null when nobody is on duty.
 */
export function waitAt(position: number, cap: Capacity, handlingMs: number): number | null {
  if (cap.seats === 0) return null;
  const ahead = Math.max(0, position - cap.free);
  return Math.round((ahead * handlingMs) / cap.seats / 1000) * 1000;
}

/** Every waiting guest's place, in queue order. Offered guests show position 0 and no wait. */
export function estimates(state: SupportQueueState, config: QueueConfig): Estimate[] {
  const cap = capacity(state);
  const handling = averageHandlingMs(state, config);
  let position = 0;
  return state.guests.map((g) => {
    if (g.offer) return { guestId: g.id, position: 0, waitMs: 0 };
    position += 1;
    return { guestId: g.id, position, waitMs: waitAt(position, cap, handling) };
  });
}

/** What a guest joining now would be told. */
export function predictedWaitForNewGuest(state: SupportQueueState, config: QueueConfig): number | null {
  const unoffered = state.guests.filter((g) => !g.offer).length;
  return waitAt(unoffered + 1, capacity(state), averageHandlingMs(state, config));
}
