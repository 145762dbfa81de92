// The dispatcher as it was before it learned to skip settled guests (a full verdict for every guest × helper
// on every step, compared as a JSON string), run through the same step pipeline as SupportQueue. The
// equivalence test checks the real queue against it, notice for notice.
import { endChat, transferBack } from '../../../src/domain/queue/chats.js';
import { resolveQueueConfig, type QueueConfig } from '../../../src/domain/queue/config.js';
import { registerHelper, setChatLimit, setHelperStatus, setMaxChats } from '../../../src/domain/queue/helpers.js';
import { heartbeat, join, leave } from '../../../src/domain/queue/intake.js';
import { helperMatches } from '../../../src/domain/queue/matching.js';
import { acceptOffer, assistGuest, assistNext, rejectOffer } from '../../../src/domain/queue/offers.js';
import { clearManualStatus, setManualStatus, updateStatus } from '../../../src/domain/queue/status.js';
import { log, nextId, seatsUsed, ticketOf, type Step } from '../../../src/domain/queue/step.js';
import { emptyQueueState } from '../../../src/domain/queue/support-queue.js';
import { advance, emitPositions } from '../../../src/domain/queue/time.js';
import type {
  Candidate, HelperProfile, HelperRecord, HelperStatus, JoinRequest, QueueStatusState, Result, SkipReason, SupportQueueState, WaitingGuest,
} from '../../../src/domain/queue/types.js';

function skipReason(helper: HelperRecord, used: number, guest: WaitingGuest, fallback: boolean): SkipReason | null {
  if (!helper.approved) return 'not_approved';
  if (helper.status !== 'available') return helper.status;
  if (used >= helper.limit) return 'full';
  if (guest.rejectedBy.includes(helper.id)) return 'rejected';
  if (!fallback && !helperMatches(helper.skills, guest)) return 'no_match';
  return null;
}

function fairOrder(a: HelperRecord, aUsed: number, b: HelperRecord, bUsed: number): number {
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

/** The old dispatch, with its JSON signatures kept beside the state (a transfer back makes a new guest object, so none). */
function referenceDispatch(step: Step, signatures: WeakMap<WaitingGuest, string | null>): void {
  const { state } = step;
  const helpers = Object.values(state.helpers).filter((h) => h.status !== 'offline');
  const used = new Map(helpers.map((h) => [h.id, seatsUsed(state, h)]));
  for (const guest of state.guests) {
    if (guest.offer) continue;
    const fallback = step.now - guest.queuedAt >= step.config.matchFallbackMs;
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
    if (!chosen && signature === (signatures.get(guest) ?? null)) continue;
    const offerId = chosen ? offer(step, guest, chosen) : null;
    if (chosen) used.set(chosen.id, used.get(chosen.id)! + 1);
    log(step, { event: 'dispatch', guestId: guest.id, fallback, candidates, offeredTo: chosen?.id ?? null, offerId });
    signatures.set(guest, chosen ? null : signature);
  }
}

/** SupportQueue's commands and pipeline around the old dispatcher. */
export class ReferenceQueue {
  readonly config: QueueConfig;
  readonly state: SupportQueueState = emptyQueueState();
  readonly #signatures = new WeakMap<WaitingGuest, string | null>();

  constructor(config: Partial<QueueConfig> = {}) {
    this.config = resolveQueueConfig(config);
  }

  tick(now: number) { return this.#run(now, () => null); }
  join(guestId: string, request: JoinRequest, now: number) { return this.#run(now, (s) => join(s, guestId, request)); }
  heartbeat(guestId: string, now: number) { return this.#run(now, (s) => heartbeat(s, guestId)); }
  leave(guestId: string, now: number) { return this.#run(now, (s) => leave(s, guestId)); }
  registerHelper(profile: HelperProfile, now: number) { return this.#run(now, (s) => registerHelper(s, profile)); }
  setHelperStatus(id: string, status: HelperStatus, now: number) { return this.#run(now, (s) => setHelperStatus(s, id, status)); }
  setChatLimit(id: string, limit: number, now: number) { return this.#run(now, (s) => setChatLimit(s, id, limit)); }
  setMaxChats(id: string, max: number, now: number) { return this.#run(now, (s) => setMaxChats(s, id, max)); }
  acceptOffer(id: string, offerId: string, now: number) { return this.#run(now, (s) => acceptOffer(s, id, offerId)); }
  rejectOffer(id: string, offerId: string, now: number) { return this.#run(now, (s) => rejectOffer(s, id, offerId)); }
  assistNext(id: string, now: number) { return this.#run(now, (s) => assistNext(s, id)); }
  assistGuest(id: string, guestId: string, now: number) { return this.#run(now, (s) => assistGuest(s, id, guestId)); }
  endChat(chatId: string, now: number) { return this.#run(now, (s) => endChat(s, chatId)); }
  transferBack(chatId: string, comment: string, now: number) { return this.#run(now, (s) => transferBack(s, chatId, comment)); }
  setManualStatus(state: QueueStatusState, message: string, now: number) { return this.#run(now, (s) => (setManualStatus(s, state, message), null)); }
  clearManualStatus(now: number) { return this.#run(now, (s) => (clearManualStatus(s), null)); }

  #run<T>(now: number, command: (step: Step) => T): Result<T> {
    const state = this.state;
    state.now = Math.max(now, state.now);
    const step: Step = { state, config: this.config, now: state.now, notices: [] };
    advance(step);
    updateStatus(step);
    const outcome = command(step);
    referenceDispatch(step, this.#signatures);
    updateStatus(step);
    emitPositions(step);
    return { outcome, notices: step.notices };
  }
}
