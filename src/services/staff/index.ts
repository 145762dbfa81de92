// The staff features, wired together: monitor tools, notes, canned responses, tags, outcomes, webhooks and
// transcripts. `onChat` receives the support chat lifecycle (lifecycle.ts) and fans it out.
import type { Bus } from '../../bus/bus.js';
import type { TagRule } from '../../domain/staff/tag-rules.js';
import type { WebhookTarget } from '../../domain/staff/webhooks.js';
import type { Store, SupportChat } from '../../storage/store.js';
import type { UserRef } from '../../domain/types.js';
import type { ChatService } from '../chat.js';
import { CannedResponses } from './canned.js';
import type { ChatLifecycleEvent } from './lifecycle.js';
import { MonitorTools } from './monitor.js';
import { Outcomes } from './outcomes.js';
import { Tagging } from './tagging.js';
import { Transcripts } from './transcripts.js';
import { Webhooks } from './webhooks.js';

export interface StaffSettings {
  tagRules: readonly TagRule[];
  webhooks: readonly WebhookTarget[];
  surveyUrlTemplate: string;
  forumUrlTemplate: string;
  maxBodyBytes: number;
  kbUrlTemplate: string;
}

export interface StaffDeps {
  store: Store;
  bus: Bus;
  chat: ChatService;
  /** The support queue's seats: a take-over or hand-back moves the chat's seat to its new owner. */
  seats: { reassign(chatId: string, to: UserRef, approved: boolean): void };
  now: () => number;
  newId: () => string;
  report: (error: unknown, what: string) => void;
}

export class StaffService {
  readonly monitor: MonitorTools;
  readonly canned: CannedResponses;
  readonly tags: Tagging;
  readonly webhooks: Webhooks;
  readonly outcomes: Outcomes;
  readonly transcripts: Transcripts;

  constructor(d: StaffDeps, settings: StaffSettings) {
    const { store, now, newId } = d;
    this.monitor = new MonitorTools({ store, chat: d.chat, seats: d.seats, now, newId, maxBodyBytes: settings.maxBodyBytes, kbUrlTemplate: settings.kbUrlTemplate });
    this.canned = new CannedResponses(store.staff, now, newId);
    this.tags = new Tagging(store, d.bus, settings.tagRules, now, (error) => d.report(error, 'automatic tagging failed'));
    this.webhooks = new Webhooks({ store: store.staff, targets: settings.webhooks, now, newId, random: Math.random, report: (error) => d.report(error, 'webhook delivery failed') });
    this.outcomes = new Outcomes(store, settings, this.webhooks, now);
    this.transcripts = new Transcripts(store);
  }

  /** Resumes what a restart interrupted: pending webhook deliveries, tagging of active chats. */
  async start(): Promise<void> {
    await this.tags.resume();
    void this.webhooks.wake();
  }

  async close(): Promise<void> {
    this.tags.close();
    await this.webhooks.close();
  }

  /** A support chat changed state (stored already). */
  onChat(event: ChatLifecycleEvent, chat: SupportChat): void {
    if (event === 'chat.queued') this.tags.onQueued(chat);
    if (event === 'chat.accepted' || event === 'chat.transferred') this.tags.follow(chat);
    if (event === 'chat.ended') this.tags.unfollow(chat.id);
    this.webhooks.emit(event, {
      chat: { id: chat.id, state: chat.state, room: chat.roomId, guest: chat.guestId, helper: chat.helperId, question: chat.question, queuedAt: chat.queuedAt, endReason: chat.endReason },
    });
  }
}
