// The support queue service: the pure SupportQueue (src/domain/queue/) run against real time, storage, rooms
// and user channels. Queue commands are synchronous and atomic; what they decide is then carried out here:
// notices become ephemeral events, log entries become dispatch_log rows, assignments become support rooms.
// Side effects of one chat run in order (one serializer key per chat), so its row never goes backwards.
import type { Logger } from 'pino';
import type { Bus } from '../../bus/bus.js';
import { SupportQueue, type HelperStatus, type Notice, type QueueConfig, type Result } from '../../domain/queue/index.js';
import type { SupportEvent } from '../../domain/support-events.js';
import type { UserRef } from '../../domain/types.js';
import type { DispatchLogLine, Store, SupportChat, SupportChatChanges } from '../../storage/store.js';
import type { ChatService } from '../chat.js';
import type { PresenceService } from '../presence.js';
import { KeyedSerializer } from '../serialize.js';
import { SupportChats } from './chats.js';
import type { Timer } from './clock.js';
import { deliver } from './deliver.js';
import { moveChat } from './move.js';
import { restoreQueue } from './persist.js';

export interface SupportDeps {
  store: Store;
  bus: Bus;
  chat: ChatService;
  presence: PresenceService;
  log: Logger;
  now: () => number;
  timer: Timer;
  newId: () => string;
  queueConfig: Partial<QueueConfig>;
  forumUrlTemplate: string;
}

/** A transfer to a named helper, held by the service (the queue knows only offers from its own dispatch). */
export interface TransferOffer {
  id: string;
  chatId: string;
  from: string;
  to: string;
  comment: string;
  expiresAt: number;
}

/** While anyone waits, tick at least this often: stream heartbeats and held position notices. */
const MAX_TICK_MS = 1000;
/** The queue's state is saved this long after a step that changed it: at most a few writes a second. */
const SAVE_DELAY_MS = 250;

export class SupportService {
  queue: SupportQueue;
  /** Read access to stored chats, for other features. */
  readonly chats: SupportChats;
  /** Chats not yet ended, by id: the in-memory copy of their rows. */
  readonly open = new Map<string, SupportChat>();
  /** Guest id → their open chat id: a guest has at most one. */
  readonly byGuest = new Map<string, string>();
  /** The queue's chat id ('c<n>') → our chat id, for active chats. */
  readonly byQueueChat = new Map<string, string>();
  readonly transfers = new Map<string, TransferOffer>();
  /** Display names of everyone the queue has seen (guests at ask, helpers at status). */
  readonly names = new Map<string, string>();
  /** Set just before queue.endChat: who ended it and why, for the effects of its 'ended' entry. */
  ending: { by: string | null; reason: string } | null = null;
  /**
   * Helpers who were on duty when the server went down, set offline at the restore: the status they had comes
   * back when they reconnect (an open stream) before `until`, unless they set one themselves first.
   */
  readonly onDutyBefore = new Map<string, { status: HelperStatus; until: number }>();
  /** How long a helper on duty at a restart has to reconnect and get their status back. */
  readonly resumeWindowMs = 120_000;
  private readonly work = new KeyedSerializer();
  private cancelTimer: (() => void) | null = null;
  private wakeAt = Infinity;
  private running = false;
  private transferCounter = 0;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** The queue changed since its state was last saved. */
  private dirty = false;

  constructor(readonly deps: SupportDeps) {
    this.queue = new SupportQueue(deps.queueConfig);
    this.chats = new SupportChats(deps.store);
  }

  get now(): number {
    return this.deps.now();
  }

  /** Continues the queue saved before a restart (persist.ts), then runs its timer. */
  async start(): Promise<void> {
    await restoreQueue(this);
    this.running = true;
    this.reschedule();
    await this.save();
  }

  /** Swaps the timer (tests drive time with a manual one). */
  useTimer(timer: Timer): void {
    this.deps.timer = timer;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.reschedule();
  }

  /** Stops the timer, waits for every effect under way (rooms, rows, log) to be stored, then saves the queue. */
  async stop(): Promise<void> {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    await this.work.drain();
    this.dirty = true;
    await this.save();
  }

  /** Saves the queue's state if it changed; one save at a time, each writing the state as it is when it runs. */
  save(): Promise<void> {
    return this.effect('queue-state', async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const json = JSON.stringify(this.queue.state);
      try {
        await this.deps.store.saveQueueState(json, this.now);
      } catch (error) {
        this.queueChanged();
        throw error;
      }
    });
  }

  /** After a step: the state is saved a moment later, together with whatever else changes meanwhile. */
  private queueChanged(): void {
    this.dirty = true;
    if (this.saveTimer || !this.running) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.save();
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  /** Runs one queue command at the current time and carries out its notices. */
  step<T>(command: (queue: SupportQueue, now: number) => Result<T>): T {
    const { outcome, notices } = command(this.queue, this.now);
    this.carryOut(notices);
    return outcome;
  }

  carryOut(notices: Notice[]): void {
    deliver(this, notices);
    this.reschedule();
    this.queueChanged();
  }

  ref(id: string): UserRef {
    return { id, name: this.names.get(id) ?? id };
  }

  publish(userId: string, event: Omit<SupportEvent, 'time'>): void {
    this.deps.bus.publish(`user:${userId}`, { ...event, time: this.now } as SupportEvent);
  }

  /** Queues an effect behind the earlier ones of the same chat (or 'log'); failures are logged, not thrown. */
  effect(key: string, task: () => Promise<void>): Promise<void> {
    return this.work.run(key, task).catch((error: unknown) => this.deps.log.error({ err: error, key }, 'support queue effect failed'));
  }

  /** Resolves when every effect queued so far for this chat is done. */
  settled(chatId: string): Promise<void> {
    return this.work.run(chatId, async () => {});
  }

  /** Changes the in-memory row now and the stored row in order. */
  update(chatId: string, changes: SupportChatChanges): void {
    const chat = this.open.get(chatId);
    if (chat) Object.assign(chat, changes);
    void this.effect(chatId, () => this.deps.store.updateSupportChat(chatId, changes));
  }

  /** A monitor took the chat over or handed it back: the seat moves with the chat (see move.ts). */
  reassign(chatId: string, to: UserRef, approved: boolean): void {
    // A chat the queue does not hold (one from before a restart) has no seat to move: its row still names the owner.
    if (!this.open.has(chatId)) return void this.effect(chatId, () => this.deps.store.updateSupportChat(chatId, { helperId: to.id }));
    moveChat(this, chatId, to, approved);
  }

  /** Forgets an ended chat (its row keeps the record). */
  close(chatId: string): void {
    const chat = this.open.get(chatId);
    if (!chat) return;
    this.open.delete(chatId);
    if (this.byGuest.get(chat.guestId) === chatId) this.byGuest.delete(chat.guestId);
    for (const [queueChat, id] of this.byQueueChat) if (id === chatId) this.byQueueChat.delete(queueChat);
    for (const [offer, t] of this.transfers) if (t.chatId === chatId) this.transfers.delete(offer);
  }

  writeLog(lines: DispatchLogLine[]): void {
    if (lines.length === 0) return;
    for (const line of lines) this.deps.log.debug({ dispatch: line.entry, chat: line.chatId }, 'support dispatch');
    void this.effect('log', () => this.deps.store.appendDispatchLog(lines));
  }

  newTransferId(): string {
    return `t${++this.transferCounter}-${this.deps.newId().slice(0, 8)}`;
  }

  /** The queue's helper record, if they have ever set a status. */
  helper(id: string) {
    return this.queue.state.helpers[id];
  }

  /** Seats a helper holds: active chats plus outstanding offers (dispatch and transfer). */
  seatsUsed(helperId: string): number {
    const helper = this.helper(helperId);
    let used = helper ? helper.chats.length : 0;
    for (const g of this.queue.state.guests) if (g.offer?.helperId === helperId) used += 1;
    for (const t of this.transfers.values()) if (t.to === helperId) used += 1;
    return used;
  }

  private reschedule(): void {
    if (!this.running) return;
    const now = this.now;
    let wake = this.queue.nextWakeAt() ?? Infinity;
    if (this.queue.state.guests.length > 0 || this.onDutyBefore.size > 0) wake = Math.min(wake, now + MAX_TICK_MS);
    for (const t of this.transfers.values()) wake = Math.min(wake, t.expiresAt);
    if (wake === this.wakeAt && this.cancelTimer) return;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.wakeAt = wake;
    if (wake === Infinity) return;
    this.cancelTimer = this.deps.timer.set(() => this.onTimer(), Math.max(0, wake - now));
  }

  private onTimer(): void {
    this.cancelTimer = null;
    this.wakeAt = Infinity;
    if (!this.running) return;
    const now = this.now;
    // An open event stream counts as a heartbeat, refreshed well before the guest would time out.
    const stale = now - this.queue.config.guestTimeoutMs / 3;
    for (const g of this.queue.state.guests) {
      if (g.lastSeen <= stale && this.deps.presence.statusOf(g.id) !== 'offline') this.step((q, t) => q.heartbeat(g.id, t));
    }
    for (const t of [...this.transfers.values()]) if (t.expiresAt <= now) this.expireTransfer(t);
    // Back after a restart: a helper who was on duty and whose stream is open again is on duty again.
    for (const [helperId, { status, until }] of [...this.onDutyBefore]) {
      if (until <= now) this.onDutyBefore.delete(helperId);
      else if (this.deps.presence.statusOf(helperId) !== 'offline') {
        this.onDutyBefore.delete(helperId);
        this.step((q, t) => q.setHelperStatus(helperId, status, t));
      }
    }
    this.step((q, t) => q.tick(t));
  }

  expireTransfer(t: TransferOffer): void {
    this.transfers.delete(t.id);
    this.publish(t.to, { type: 'support_offer_revoked', payload: { offer: t.id, reason: 'timeout' } });
    this.publish(t.from, { type: 'support_transferred', payload: { chat: t.chatId, offer: t.id, helper: this.ref(t.to), outcome: 'timed_out' } });
    this.writeLog([{ chatId: t.chatId, guestId: this.open.get(t.chatId)?.guestId ?? '', at: this.now, entry: { at: this.now, event: 'transfer_timed_out', offerId: t.id, helperId: t.to } }]);
  }
}
