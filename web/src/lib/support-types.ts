// The support queue's wire shapes (src/transport/commands/support.ts and its events).
import type { UserRef } from './types.js';

export type QueueState = 'open' | 'draining' | 'closed';

export interface QueueStatus {
  state: QueueState;
  reason: string | null;
  message: string | null;
  reopensAt?: number;
}

export interface SupportInfo extends QueueStatus {
  waiting: number;
  forumUrl: string | null;
}

/** The answer of support_ask and support_mine. */
export interface AskAnswer {
  chat: string;
  state: string;
  merged: boolean;
  room: string | null;
  position: number | null;
  waitMs: number | null;
}

export interface Metadata {
  product?: string | null;
  version?: string | null;
  os?: string | null;
  locale?: string | null;
  userAgent?: string | null;
  addons?: string[];
  fields?: Record<string, string>;
  referrer?: string | null;
  ua?: { browser: string | null; os: string | null; device: string | null };
}

export interface Offer {
  offer: string;
  chat: string;
  guest: UserRef;
  question: string;
  metadata: Metadata;
  expiresAt: number;
  transfer: { from: UserRef; comment: string } | null;
}

/** The answer of support_queue: the live view for staff. */
export interface QueueView {
  status: QueueStatus & { comeBackAt?: number | null };
  waiting: Array<{
    chat: string | null;
    guest: UserRef;
    question: string;
    metadata: Metadata;
    position: number | null;
    waitMs: number | null;
    waitedMs: number;
    offeredTo: UserRef | null;
  }>;
  helpers: Array<{ helper: UserRef; status: string; approved: boolean; load: number; limit: number; max: number; chats: Array<string | null> }>;
  chats: Array<{ chat: string; room: string | null; guest: UserRef; helper: UserRef | null; since: number | null }>;
}
