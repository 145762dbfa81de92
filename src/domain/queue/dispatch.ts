// The dispatcher: walks unoffered guests in queue order and offers each to the fairest eligible helper.
// Going in queue order is what makes it FIFO within a priority: an older guest claims a seat before a
// younger one can. Seats only shrink during a round, so a guest left without an offer has no eligible
// helper when the round ends either.
import { helperMatches } from './matching.js';
import { log, nextId, seatsUsed, ticketOf, type Step } from './step.js';
import type { Candidate, HelperRecord, SkipReason, WaitingGuest } from './types.js';

/** Why `helper` cannot be offered `guest`, or null if they can. */
function skipReason(helper: HelperRecord, used: number, guest: WaitingGuest, fallback: boolean): SkipReason | null {
  if (!helper.approved) return 'not_approved';
  if (helper.status !== 'available') return helper.status;
  if (used >= helper.limit) return 'full';
  if (guest.rejectedBy.includes(helper.id)) return 'rejected';
  if (!fallback && !helperMatches(helper.skills, guest)) return 'no_match';
  return null;
}

function inFallback(step: Step, guest: WaitingGuest): boolean {
  return step.now - guest.queuedAt >= step.config.matchFallbackMs;
}

/** Fewest occupied seats relative to the limit, then idle longest, then id. Negative when `a` comes first. */
function fairOrder(a: HelperRecord, aUsed: number, b: HelperRecord, bUsed: number): number {
  // Compare aUsed/a.limit with bUsed/b.limit without floating point.
  return aUsed * b.limit - bUsed * a.limit || a.idleSince - b.idleSince || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function offer(step: Step, guest: WaitingGuest, helper: HelperRecord): string {
  const id = nextId(step, 'o');
  const expiresAt = step.now + step.config.offerTimeoutMs;
  guest.offer = { id, helperId: helper.id, offeredAt: step.now, expiresAt };
  step.notices.push(
    { type: 'helper.offer', helperId: helper.id, offerId: id, guestId: guest.id, expiresAt, ticket: ticketOf(guest), transfer: guest.transfer },
    { type: 'guest.offered', guestId: guest.id, helperId: helper.id, offerId: id },
  );
  return id;
}

export function dispatch(step: Step): void {
  const { state } = step;
  // Offline helpers are not on duty; leaving them out keeps the log readable.
  const helpers = Object.values(state.helpers).filter((h) => h.status !== 'offline');
  const used = new Map(helpers.map((h) => [h.id, seatsUsed(state, h)]));
  for (const guest of state.guests) {
    if (guest.offer) continue;
    const fallback = inFallback(step, guest);
    let chosen: HelperRecord | null = null;
    const verdicts: Candidate[] = [];
    for (const h of helpers) {
      const skip = skipReason(h, used.get(h.id)!, guest, fallback);
      if (!skip && (!chosen || fairOrder(h, used.get(h.id)!, chosen, used.get(chosen.id)!) < 0)) chosen = h;
      verdicts.push({ helperId: h.id, skip });
    }
    const winner = chosen?.id;
    const candidates = verdicts.map((v): Candidate => (v.skip || v.helperId === winner ? v : { ...v, skip: 'outranked' }));
    const signature = JSON.stringify([fallback, candidates]);
    if (!chosen && signature === guest.lastDecision) continue;
    const offerId = chosen ? offer(step, guest, chosen) : null;
    if (chosen) used.set(chosen.id, used.get(chosen.id)! + 1);
    log(step, { event: 'dispatch', guestId: guest.id, fallback, candidates, offeredTo: chosen?.id ?? null, offerId });
    // After an offer the next decision is always logged; otherwise only when it changes.
    guest.lastDecision = chosen ? null : signature;
  }
}
