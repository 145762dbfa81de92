// The staff features' part of the storage seam (Store.staff): the monitor action log, canned responses, chat
// tags, chat outcomes (follow-up flag and survey answer) and the webhook delivery log. Chats are support_chats ids.
import type { UserRef } from '../domain/types.js';

export const MONITOR_ACTIONS = ['watch', 'whisper', 'barge', 'takeover', 'handback'] as const;
export type MonitorActionKind = (typeof MONITOR_ACTIONS)[number];

export interface MonitorAction {
  id: string;
  chat: string;
  monitor: UserRef;
  action: MonitorActionKind;
  detail: Record<string, unknown>;
  time: number;
}

export interface CannedResponse {
  id: string;
  /** The helper it belongs to, or null when shared by everyone. */
  owner: string | null;
  shortcode: string;
  title: string;
  body: string;
  updatedBy: string;
  updatedAt: number;
}

export interface ChatTag {
  tag: string;
  /** 'auto' when a configured rule added it. */
  source: 'manual' | 'auto';
  by: string | null;
  time: number;
}

export interface ChatOutcome {
  followUp: boolean;
  followUpBy: string | null;
  followUpAt: number | null;
  survey: { rating: number; comment: string; time: number } | null;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: string;
  event: string;
  url: string;
  /** The exact JSON posted (signed as is). */
  body: string;
  state: DeliveryState;
  attempts: number;
  /** When the next attempt is due (pending only). */
  nextAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface StaffStore {
  addMonitorAction(action: MonitorAction): Promise<void>;
  /** Oldest first. */
  listMonitorActions(chat: string): Promise<MonitorAction[]>;

  /** Shared responses plus those of `owner`. */
  listCanned(owner: string): Promise<CannedResponse[]>;
  /** Insert, or replace the one with the same (owner, shortcode), keeping its id. */
  saveCanned(canned: CannedResponse): Promise<CannedResponse>;
  getCanned(owner: string | null, shortcode: string): Promise<CannedResponse | undefined>;
  deleteCanned(owner: string | null, shortcode: string): Promise<boolean>;

  /** Adds the tags a chat does not have yet; returns those added. */
  addTags(chat: string, tags: ChatTag[]): Promise<string[]>;
  removeTag(chat: string, tag: string): Promise<boolean>;
  listTags(chat: string): Promise<ChatTag[]>;
  chatsWithTag(tag: string): Promise<string[]>;

  getOutcome(chat: string): Promise<ChatOutcome | undefined>;
  setFollowUp(chat: string, needed: boolean, by: string, time: number): Promise<void>;
  /** Stores the survey answer unless one exists; false when the chat was already rated. */
  answerSurvey(chat: string, rating: number, comment: string, time: number): Promise<boolean>;

  /** Of `rooms`, those with a visible message body containing `text` (case-insensitive). */
  roomsMentioning(rooms: string[], text: string): Promise<string[]>;

  addDeliveries(deliveries: WebhookDelivery[]): Promise<void>;
  /** Pending deliveries with nextAt <= now, oldest first. */
  dueDeliveries(now: number, limit: number): Promise<WebhookDelivery[]>;
  updateDelivery(id: string, changes: Pick<WebhookDelivery, 'state' | 'attempts' | 'nextAt' | 'lastStatus' | 'lastError' | 'updatedAt'>): Promise<void>;
  /** The earliest nextAt of a pending delivery, or null. */
  nextDeliveryAt(): Promise<number | null>;
  /** Newest first. */
  listDeliveries(limit: number): Promise<WebhookDelivery[]>;
}
