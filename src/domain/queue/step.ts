// The context one command runs in, and the small state changes several commands share.
import type { QueueConfig } from './config.js';
import type { DispatchMemo } from './dispatch.js';
import type {
  GuestTicket, HelperRecord, LeaveReason, LogEntry, Notice, RevokeReason, SupportQueueState, WaitingGuest,
} from './types.js';

export interface Step {
  state: SupportQueueState;
  config: QueueConfig;
  now: number;
  notices: Notice[];
  /** Kept by the SupportQueue across its steps so dispatch can skip guests it knows are settled. */
  memo?: DispatchMemo;
  /**
   * Guests who became undecided in this step (joined, came back from a chat, or lost their offer): with no
   * helper free, they are all dispatch looks at. Code that adds a guest to the line or clears an offer must
   * call requeue(), or dispatch may not look at that guest.
   */
  requeued?: Set<WaitingGuest>;
}

// Distributes over the union so each event keeps its own fields.
type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;

export function log(step: Step, entry: WithoutAt<LogEntry>): void {
  step.notices.push({ type: 'log', entry: { at: step.now, ...entry } as LogEntry });
}

export function nextId(step: Step, prefix: string): string {
  step.state.seq += 1;
  return `${prefix}${step.state.seq}`;
}

/** Queue order: higher priority first, then arrival (seq rises with join time and survives a transfer back). */
export function queueOrder(a: GuestTicket, b: GuestTicket): number {
  return b.priority - a.priority || a.seq - b.seq;
}

/** Mark a guest as undecided again: dispatch must look at them in this step. */
export function requeue(step: Step, guest: WaitingGuest): void {
  (step.requeued ??= new Set()).add(guest);
}

export function insertGuest(step: Step, guest: WaitingGuest): void {
  const { state } = step;
  requeue(step, guest);
  const at = state.guests.findIndex((g) => queueOrder(guest, g) < 0);
  if (at < 0) state.guests.push(guest);
  else state.guests.splice(at, 0, guest);
}

export function findGuest(state: SupportQueueState, guestId: string): WaitingGuest | undefined {
  return state.guests.find((g) => g.id === guestId);
}

export function ticketOf(guest: WaitingGuest): GuestTicket {
  const { id, seq, question, metadata, priority, tags, joinedAt } = guest;
  return { id, seq, question, metadata, priority, tags, joinedAt };
}

/** Guests currently offered to this helper, in queue order. */
export function offersOf(state: SupportQueueState, helperId: string): WaitingGuest[] {
  return state.guests.filter((g) => g.offer?.helperId === helperId);
}

/** Seats taken: active chats plus outstanding offers. */
export function seatsUsed(state: SupportQueueState, helper: HelperRecord): number {
  return helper.chats.length + offersOf(state, helper.id).length;
}

export function revokeOffer(step: Step, guest: WaitingGuest, reason: RevokeReason): void {
  const offer = guest.offer;
  if (!offer) return;
  guest.offer = null;
  requeue(step, guest);
  step.notices.push({ type: 'helper.offerRevoked', helperId: offer.helperId, offerId: offer.id, guestId: guest.id, reason });
  log(step, { event: 'revoked', guestId: guest.id, helperId: offer.helperId, offerId: offer.id, reason });
}

const REVOKE_ON_LEAVE: Record<LeaveReason, RevokeReason> = { left: 'guest_left', timeout: 'guest_timeout', queue_closed: 'queue_closed' };

export function removeGuest(step: Step, guest: WaitingGuest, reason: LeaveReason, message: string | null = null): void {
  revokeOffer(step, guest, REVOKE_ON_LEAVE[reason]);
  step.state.guests.splice(step.state.guests.indexOf(guest), 1);
  step.notices.push({ type: 'guest.left', guestId: guest.id, reason, message });
  log(step, { event: 'left', guestId: guest.id, reason });
}

/** Revoke what a helper may no longer hold: everything if they cannot take offers, the newest beyond their limit. */
export function trimOffers(step: Step, helper: HelperRecord): void {
  // Newest first; among offers made together, the guest later in the queue goes first.
  const offered = offersOf(step.state, helper.id).sort((a, b) => b.offer!.offeredAt - a.offer!.offeredAt || queueOrder(b, a));
  let reason: RevokeReason | null = !helper.approved ? 'not_approved' : helper.status !== 'available' ? 'helper_unavailable' : null;
  let excess = reason ? offered.length : helper.chats.length + offered.length - helper.limit;
  reason ??= 'limit_lowered';
  for (const guest of offered) {
    if (excess-- <= 0) break;
    revokeOffer(step, guest, reason);
  }
}
