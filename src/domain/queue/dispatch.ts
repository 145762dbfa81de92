// The dispatcher: walks unoffered guests in queue order and offers each to the fairest eligible helper.
// Going in queue order is what makes it FIFO within a priority: an older guest claims a seat before a
// younger one can. Seats only shrink during a round, so a guest left without an offer has no eligible
// helper when the round ends either.
//
// Cost. Dispatch runs on every step, so a step must not cost waiting guests × helpers. What decides a
// verdict splits in two:
// - step-wide facts, the same for every guest: approval, status, seats (`full`). They are computed once per
//   step into a table; a helper who fails one of them is "closed" for everyone until their state changes.
// - per-guest facts, asked of the "open" helpers only (approved, available, a free seat): turned down,
//   skills.
// With no open helper nobody can be offered, and the only thing that can change for a guest is the decision
// that is logged. A guest's decision signature is (fallback, the closed helpers' reasons, the open helpers'
// reasons for this guest); the closed part is one string per step, shared by every guest, so comparing it is
// a pointer check. A memo carried across steps says when every undecided guest is already settled on the
// current closed part. Then a step where every helper is full looks only at the guests requeued in it (none for
// a tick, an accept or a heartbeat), and a pass that fills the last free seat stops there: O(helpers + offers
// made + guests requeued) instead of O(waiting × helpers). The decisions and the log are the same as a full pass
// (test/domain/queue/equivalence.test.ts checks them against one).
import { helperMatches } from './matching.js';
import { log, nextId, queueOrder, ticketOf, type Step } from './step.js';
import type { Candidate, DecisionSignature, HelperRecord, SkipReason, WaitingGuest } from './types.js';

/** Above this many guests requeued in one step, a plain pass is cheaper than finding them in the line. */
const MAX_REQUEUED = 16;

/** Work counters, for tests and profiles: guests looked at, and per-guest helper verdicts computed. */
export const dispatchCounters = { guests: 0, verdicts: 0 };

/**
 * What the last pass left behind, kept by the SupportQueue instance (not in the state: a restored queue
 * starts without one and makes one full pass).
 */
export interface DispatchMemo {
  /**
   * True when, after the last pass, no helper was open and every undecided guest's last logged decision was
   * `closed` with no open part and the fallback flag it still has until `fallbackAt`. Commands that put a
   * guest back among the undecided (join, transfer back, an offer that ends) call requeue() (step.ts).
   */
  settled: boolean;
  closed: string;
  /** The earliest time one of those guests reaches the match fallback, which changes their decision. */
  fallbackAt: number;
}

export function newDispatchMemo(): DispatchMemo {
  return { settled: false, closed: '', fallbackAt: Infinity };
}

/** One helper on duty, for the length of one pass. */
interface Seat {
  helper: HelperRecord;
  /** Active chats plus outstanding offers. */
  used: number;
  /** The step-wide reason this helper cannot be offered anyone, or null while open. */
  closed: SkipReason | null;
  /** For an open helper: the reason for the guest being considered, or null if eligible. */
  verdict: SkipReason | null;
}

/** Why an open helper cannot be offered `guest`, or null if they can. */
function guestReason(helper: HelperRecord, guest: WaitingGuest, fallback: boolean): SkipReason | null {
  if (guest.rejectedBy.includes(helper.id)) return 'rejected';
  if (!fallback && !helperMatches(helper.skills, guest)) return 'no_match';
  return null;
}

function inFallback(step: Step, guest: WaitingGuest): boolean {
  return step.now - guest.queuedAt >= step.config.matchFallbackMs;
}

/** Fewest occupied seats relative to the limit, then idle longest, then id. Negative when `a` comes first. */
function fairOrder(a: Seat, b: Seat): number {
  // Compare a.used/a.limit with b.used/b.limit without floating point.
  const x = a.helper;
  const y = b.helper;
  return a.used * y.limit - b.used * x.limit || x.idleSince - y.idleSince || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
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

/** Helpers on duty (offline ones are left out: it keeps the log readable), with their seats and step-wide reasons. */
function seatTable(step: Step): Seat[] {
  const { state } = step;
  const table: Seat[] = [];
  let countOffers = false;
  for (const helper of Object.values(state.helpers)) {
    if (helper.status === 'offline') continue;
    const closed = !helper.approved ? 'not_approved' : helper.status !== 'available' ? helper.status : null;
    // Outstanding offers only matter for an open helper whose chats alone leave a seat.
    if (!closed && helper.chats.length < helper.limit) countOffers = true;
    table.push({ helper, used: helper.chats.length, closed, verdict: null });
  }
  if (countOffers) {
    const byId = new Map(table.map((s) => [s.helper.id, s]));
    for (const g of state.guests) {
      const s = g.offer && byId.get(g.offer.helperId);
      if (s) s.used += 1;
    }
  }
  for (const s of table) if (!s.closed && s.used >= s.helper.limit) s.closed = 'full';
  return table;
}

/** The closed helpers' reasons in table order: the part of an undecided guest's decision every guest shares. */
function closedPart(table: Seat[]): string {
  let key = '';
  for (const s of table) if (s.closed) key += `${JSON.stringify(s.helper.id)}:${s.closed},`;
  return key;
}

/** The verdicts of the open helpers for the guest just evaluated (none of them eligible). */
function openPart(open: Seat[]): string {
  let key = '';
  for (const s of open) key += `${JSON.stringify(s.helper.id)}:${s.verdict},`;
  return key;
}

/** Every helper on duty with why they were skipped, `outranked` if eligible but not chosen, null for the chosen one. */
function candidatesOf(table: Seat[], chosen: Seat | null): Candidate[] {
  return table.map((s): Candidate => ({ helperId: s.helper.id, skip: s.closed ?? (s === chosen ? null : s.verdict ?? 'outranked') }));
}

/** Is this the decision last logged for the guest? Equal closed parts are made the same string, so the next check is a pointer check. */
function unchanged(guest: WaitingGuest, next: DecisionSignature): boolean {
  const last = guest.lastDecision;
  if (!last || last.fallback !== next.fallback || last.open !== next.open || last.closed !== next.closed) return false;
  last.closed = next.closed;
  return true;
}

export function dispatch(step: Step): void {
  const { state, memo } = step;
  const table = seatTable(step);
  const open = table.filter((s) => !s.closed);
  let closed: string | null = null;
  /** The closed part, shared with the memo's string when equal. */
  const closedNow = (): string => {
    if (closed === null) {
      closed = closedPart(table);
      if (memo && closed === memo.closed) closed = memo.closed;
    }
    return closed;
  };
  const requeued = step.requeued ?? new Set<WaitingGuest>();
  /**
   * With no helper open: were the guests settled by the last pass, and are they still? Then only the guests
   * requeued in this step need a look (a handful; many of them, and a plain pass is cheaper).
   */
  const othersSettled = (): boolean =>
    !!memo && memo.settled && step.now < memo.fallbackAt && requeued.size <= MAX_REQUEUED && closedNow() === memo.closed;
  /** The requeued guests still waiting undecided, after `after` in queue order. */
  const pending = (after: WaitingGuest | null): WaitingGuest[] =>
    [...requeued].filter((g) => !g.offer && (!after || queueOrder(after, g) < 0) && state.guests.includes(g)).sort(queueOrder);

  let settled = true;
  let fallbackAt = Infinity;
  /** Decide for one undecided guest. True when that took the last open seat. */
  const consider = (guest: WaitingGuest): boolean => {
    dispatchCounters.guests += 1;
    const fallback = inFallback(step, guest);
    let chosen: Seat | null = null;
    for (const s of open) {
      dispatchCounters.verdicts += 1;
      s.verdict = guestReason(s.helper, guest, fallback);
      if (s.verdict === null && (!chosen || fairOrder(s, chosen) < 0)) chosen = s;
    }
    if (chosen) {
      const candidates = candidatesOf(table, chosen);
      const offerId = offer(step, guest, chosen.helper);
      log(step, { event: 'dispatch', guestId: guest.id, fallback, candidates, offeredTo: chosen.helper.id, offerId });
      // After an offer the next decision is always logged; otherwise only when it changes.
      guest.lastDecision = null;
      chosen.used += 1;
      if (chosen.used < chosen.helper.limit) return false;
      chosen.closed = 'full';
      open.splice(open.indexOf(chosen), 1);
      closed = null;
      return open.length === 0;
    }
    const next: DecisionSignature = { fallback, closed: closedNow(), open: open.length ? openPart(open) : '' };
    if (next.open) settled = false;
    else if (!fallback) fallbackAt = Math.min(fallbackAt, guest.queuedAt + step.config.matchFallbackMs);
    if (unchanged(guest, next)) return false;
    log(step, { event: 'dispatch', guestId: guest.id, fallback, candidates: candidatesOf(table, null), offeredTo: null, offerId: null });
    guest.lastDecision = next;
    return false;
  };
  /** Queue order; stops after the guest who took the last open seat if the rest were settled (and returns them). */
  const considerAll = (guests: readonly WaitingGuest[]): WaitingGuest | null => {
    for (const guest of guests) {
      if (!guest.offer && consider(guest) && othersSettled()) return guest;
    }
    return null;
  };

  let partial = open.length === 0 && othersSettled();
  let last: WaitingGuest | null = null;
  if (!partial) {
    last = considerAll(state.guests);
    partial = last !== null;
  }
  // No helper is open from here on, so this offers nobody and stops nowhere.
  if (partial) considerAll(pending(last));
  if (!memo) return;
  memo.settled = settled && open.length === 0;
  memo.closed = closedNow();
  memo.fallbackAt = partial ? Math.min(fallbackAt, memo.fallbackAt) : fallbackAt;
}
