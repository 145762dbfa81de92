// The staff features' wire shapes (src/transport/commands/staff.ts, docs/protocol.md "Staff features").
import type { Metadata } from './support-types.js';
import type { DurableEvent, UserRef } from './types.js';

export interface Canned {
  id?: string;
  /** null: shared by every helper (edited by monitors only). */
  owner: string | null;
  shortcode: string;
  title: string;
  body: string;
  updatedBy?: string;
  updatedAt?: number;
}

export interface ChatTag {
  tag: string;
  /** 'auto' from the configured tag rules, else 'manual'. */
  source: string;
  by: string | null;
  time: number;
}

export interface SurveyOffer {
  chat: string;
  kind: 'builtin' | 'external';
  url?: string;
  answered: boolean;
  forumUrl: string;
}

export interface SurveyAnswer {
  rating: number;
  comment: string;
  time: number;
}

export interface MonitorAction {
  id?: string;
  chat?: string;
  monitor: UserRef;
  action: string;
  detail: Record<string, unknown>;
  time: number;
}

/** One row of `transcripts`. */
export interface ChatSummary {
  id: string;
  roomId: string | null;
  guestId: string;
  helperId: string | null;
  state: string;
  question: string;
  metadata: Metadata;
  queuedAt: number;
  assignedAt: number | null;
  endedAt: number | null;
  endedBy: string | null;
  endReason: string | null;
  tags: string[];
}

/** The answer of `transcript`. */
export interface Transcript {
  chat: {
    id: string;
    room: string | null;
    state: string;
    question: string;
    metadata: Metadata;
    queuedAt: number;
    assignedAt: number | null;
    endedAt: number | null;
    endedBy: string | null;
    endReason: string | null;
  };
  guest: UserRef;
  helper: UserRef | null;
  participants: Array<UserRef & { role: string; hidden: boolean }>;
  tags: ChatTag[];
  followUp: boolean;
  survey: SurveyAnswer | null;
  monitorActions: MonitorAction[];
  events: DurableEvent[];
}

export const isStaffRole = (roles: readonly string[]): boolean => roles.some((r) => ['admin', 'monitor', 'helper', 'trainee'].includes(r));
export const isMonitorRole = (roles: readonly string[]): boolean => roles.some((r) => r === 'admin' || r === 'monitor');
