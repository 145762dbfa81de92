// A chat's transcript: everything staff know about one support chat, as exported by `transcript` (JSON) and
// GET /transcripts/<chat>.html (renderTranscriptHtml).
import type { DurableEvent } from '../events.js';
import type { UserRef } from '../types.js';

export interface TranscriptChat {
  id: string;
  room: string | null;
  state: string;
  question: string;
  metadata: Record<string, unknown>;
  queuedAt: number;
  assignedAt: number | null;
  endedAt: number | null;
  endedBy: string | null;
  endReason: string | null;
}

export interface Transcript {
  chat: TranscriptChat;
  guest: UserRef;
  helper: UserRef | null;
  /** Everyone who joined the room, with the role of their last join; `hidden` when only staff saw them join. */
  participants: Array<UserRef & { role: string; hidden: boolean }>;
  tags: Array<{ tag: string; source: string; by: string | null; time: number }>;
  followUp: boolean;
  survey: { rating: number; comment: string; time: number } | null;
  monitorActions: Array<{ monitor: UserRef; action: string; detail: Record<string, unknown>; time: number }>;
  /** The whole room log, staff-only events included (notes are messages with payload.note). */
  events: DurableEvent[];
}

/** Participants from the room's join events, in order of first arrival. */
export function participantsOf(events: readonly DurableEvent[]): Transcript['participants'] {
  const byId = new Map<string, Transcript['participants'][number]>();
  for (const e of events) {
    if (e.type !== 'join') continue;
    const hidden = e.audience === 'staff';
    const known = byId.get(e.payload.user.id);
    // Once seen by the guest, a participant is no longer hidden.
    byId.set(e.payload.user.id, { ...e.payload.user, role: e.payload.role, hidden: known ? known.hidden && hidden : hidden });
  }
  return [...byId.values()];
}
