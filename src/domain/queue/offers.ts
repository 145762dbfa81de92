// A helper answering an offer, or picking a guest by hand.
import { startChat } from './chats.js';
import { findGuest, log, offersOf, requeue, seatsUsed, type Step } from './step.js';
import type { HelperRecord, WaitingGuest } from './types.js';

export type AcceptOutcome = { ok: true; chatId: string } | { ok: false; reason: 'no_such_offer' };
export type RejectOutcome = { ok: true } | { ok: false; reason: 'no_such_offer' };
export type PickRefusal = 'unknown_helper' | 'not_approved' | 'not_available' | 'full' | 'not_waiting' | 'offered_elsewhere' | 'nobody_waiting';
export type PickOutcome = { ok: true; chatId: string; guestId: string } | { ok: false; reason: PickRefusal };

/** An expired, revoked or someone else's offer is gone: the guest may already be elsewhere. */
function outstanding(step: Step, helperId: string, offerId: string): WaitingGuest | undefined {
  return step.state.guests.find((g) => g.offer?.id === offerId && g.offer.helperId === helperId);
}

function accept(step: Step, guest: WaitingGuest, helper: HelperRecord): string {
  const offerId = guest.offer!.id;
  const chatId = startChat(step, guest, helper);
  log(step, { event: 'accepted', guestId: guest.id, helperId: helper.id, offerId, chatId });
  return chatId;
}

export function acceptOffer(step: Step, helperId: string, offerId: string): AcceptOutcome {
  const guest = outstanding(step, helperId, offerId);
  if (!guest) return { ok: false, reason: 'no_such_offer' };
  return { ok: true, chatId: accept(step, guest, step.state.helpers[helperId]) };
}

/** The guest moves on to the next helper and is never offered to this one again while waiting. */
export function rejectOffer(step: Step, helperId: string, offerId: string): RejectOutcome {
  const guest = outstanding(step, helperId, offerId);
  if (!guest) return { ok: false, reason: 'no_such_offer' };
  guest.offer = null;
  requeue(step, guest);
  guest.rejectedBy.push(helperId);
  log(step, { event: 'rejected', guestId: guest.id, helperId, offerId });
  return { ok: true };
}

function pickable(step: Step, helperId: string): HelperRecord | PickRefusal {
  const helper = step.state.helpers[helperId];
  if (!helper) return 'unknown_helper';
  if (!helper.approved) return 'not_approved';
  if (helper.status !== 'available') return 'not_available';
  return helper;
}

function pick(step: Step, guest: WaitingGuest, helper: HelperRecord, how: 'next' | 'this'): PickOutcome {
  const chatId = startChat(step, guest, helper);
  log(step, { event: 'picked', guestId: guest.id, helperId: helper.id, chatId, how });
  return { ok: true, chatId, guestId: guest.id };
}

/**
 * "Assist next": the helper's own outstanding offer first (queue order), otherwise the first guest in
 * queue order nobody is being offered and the helper has not turned down. Skill matching is waived: the
 * helper asked, and any matching guest would already be on offer to them.
 */
export function assistNext(step: Step, helperId: string): PickOutcome {
  const helper = pickable(step, helperId);
  if (typeof helper === 'string') return { ok: false, reason: helper };
  const own = offersOf(step.state, helperId)[0];
  if (own) return { ok: true, chatId: accept(step, own, helper), guestId: own.id };
  if (seatsUsed(step.state, helper) >= helper.limit) return { ok: false, reason: 'full' };
  const guest = step.state.guests.find((g) => !g.offer && !g.rejectedBy.includes(helperId));
  return guest ? pick(step, guest, helper, 'next') : { ok: false, reason: 'nobody_waiting' };
}

/**
 * "Assist this one": refused while another helper holds the guest's offer (it expires within
 * offerTimeoutMs anyway). A helper may take by hand a guest they turned down earlier: that is their own
 * explicit choice, and the only way out when they are the last helper left for that guest.
 */
export function assistGuest(step: Step, helperId: string, guestId: string): PickOutcome {
  const helper = pickable(step, helperId);
  if (typeof helper === 'string') return { ok: false, reason: helper };
  const guest = findGuest(step.state, guestId);
  if (!guest) return { ok: false, reason: 'not_waiting' };
  if (guest.offer?.helperId === helperId) return { ok: true, chatId: accept(step, guest, helper), guestId };
  if (guest.offer) return { ok: false, reason: 'offered_elsewhere' };
  if (seatsUsed(step.state, helper) >= helper.limit) return { ok: false, reason: 'full' };
  return pick(step, guest, helper, 'this');
}
