// The support queue's front door. Every command runs the same pipeline at its `now`: let time pass
// (heartbeats, offer timeouts, posted hours), apply the command, dispatch, update the status, then send
// the position notices that are due. The state is plain data: snapshot() and restore() round-trip it.
import { endChat, transferBack, type ChatOutcome } from './chats.js';
import { resolveQueueConfig, type QueueConfig } from './config.js';
import { dispatch, newDispatchMemo, type DispatchMemo } from './dispatch.js';
import { estimates } from './estimate.js';
import { registerHelper, setChatLimit, setHelperStatus, setMaxChats, type HelperOutcome } from './helpers.js';
import { heartbeat, join, leave, type GuestOutcome, type JoinOutcome } from './intake.js';
import { acceptOffer, assistGuest, assistNext, rejectOffer, type AcceptOutcome, type PickOutcome, type RejectOutcome } from './offers.js';
import { clearManualStatus, OPEN, setManualStatus, updateStatus } from './status.js';
import type { Step } from './step.js';
import { advance, emitPositions, nextWakeAt } from './time.js';
import type {
  Estimate, HelperProfile, HelperStatus, JoinRequest, QueueStatusState, Result, SupportQueueState,
} from './types.js';

export function emptyQueueState(): SupportQueueState {
  return { now: 0, seq: 0, guests: [], helpers: {}, chats: {}, durations: [], manual: null, auto: null, status: { ...OPEN } };
}

export class SupportQueue {
  readonly config: QueueConfig;
  #state: SupportQueueState;
  /** What dispatch learned in earlier steps; only valid for #state as this instance changed it. */
  readonly #memo: DispatchMemo = newDispatchMemo();

  constructor(config: Partial<QueueConfig> = {}, state: SupportQueueState = emptyQueueState()) {
    this.config = resolveQueueConfig(config);
    this.#state = state;
  }

  /** A queue continuing from a snapshot (the config may differ, e.g. new posted hours). */
  static restore(snapshot: SupportQueueState, config: Partial<QueueConfig> = {}): SupportQueue {
    return new SupportQueue(config, structuredClone(snapshot));
  }

  /** Live read-only view; use snapshot() for a copy. */
  get state(): Readonly<SupportQueueState> {
    return this.#state;
  }

  snapshot(): SupportQueueState {
    return structuredClone(this.#state);
  }

  /** Current positions and waits of all waiting guests, in queue order. */
  estimates(): Estimate[] {
    return estimates(this.#state, this.config);
  }

  /** When the service should call tick() next, or null if nothing is pending. */
  nextWakeAt(): number | null {
    return nextWakeAt(this.#state, this.config);
  }

  tick(now: number): Result<null> {
    return this.#run(now, () => null);
  }

  join(guestId: string, request: JoinRequest, now: number): Result<JoinOutcome> {
    return this.#run(now, (step) => join(step, guestId, request));
  }

  heartbeat(guestId: string, now: number): Result<GuestOutcome> {
    return this.#run(now, (step) => heartbeat(step, guestId));
  }

  leave(guestId: string, now: number): Result<GuestOutcome> {
    return this.#run(now, (step) => leave(step, guestId));
  }

  registerHelper(profile: HelperProfile, now: number): Result<HelperOutcome> {
    return this.#run(now, (step) => registerHelper(step, profile));
  }

  setHelperStatus(helperId: string, status: HelperStatus, now: number): Result<HelperOutcome> {
    return this.#run(now, (step) => setHelperStatus(step, helperId, status));
  }

  /** By the helper. */
  setChatLimit(helperId: string, limit: number, now: number): Result<HelperOutcome> {
    return this.#run(now, (step) => setChatLimit(step, helperId, limit));
  }

  /** By a monitor. */
  setMaxChats(helperId: string, maxChats: number, now: number): Result<HelperOutcome> {
    return this.#run(now, (step) => setMaxChats(step, helperId, maxChats));
  }

  acceptOffer(helperId: string, offerId: string, now: number): Result<AcceptOutcome> {
    return this.#run(now, (step) => acceptOffer(step, helperId, offerId));
  }

  rejectOffer(helperId: string, offerId: string, now: number): Result<RejectOutcome> {
    return this.#run(now, (step) => rejectOffer(step, helperId, offerId));
  }

  assistNext(helperId: string, now: number): Result<PickOutcome> {
    return this.#run(now, (step) => assistNext(step, helperId));
  }

  assistGuest(helperId: string, guestId: string, now: number): Result<PickOutcome> {
    return this.#run(now, (step) => assistGuest(step, helperId, guestId));
  }

  endChat(chatId: string, now: number): Result<ChatOutcome> {
    return this.#run(now, (step) => endChat(step, chatId));
  }

  transferBack(chatId: string, comment: string, now: number): Result<ChatOutcome> {
    return this.#run(now, (step) => transferBack(step, chatId, comment));
  }

  /** By a monitor: overrides the posted hours until cleared. */
  setManualStatus(state: QueueStatusState, message: string, now: number): Result<null> {
    return this.#run(now, (step) => {
      setManualStatus(step, state, message);
      return null;
    });
  }

  clearManualStatus(now: number): Result<null> {
    return this.#run(now, (step) => {
      clearManualStatus(step);
      return null;
    });
  }

  #run<T>(now: number, command: (step: Step) => T): Result<T> {
    const state = this.#state;
    // Time never runs backwards inside the queue: a late command happens at the latest time seen.
    state.now = Math.max(now, state.now);
    const step: Step = { state, config: this.config, now: state.now, notices: [], memo: this.#memo };
    advance(step);
    updateStatus(step);
    const outcome = command(step);
    dispatch(step);
    updateStatus(step);
    emitPositions(step);
    return { outcome, notices: step.notices };
  }
}
