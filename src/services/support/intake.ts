// The guest's side: asking (joining the queue), heartbeats, leaving, and what the queue's door says now.
import type { UserRef } from '../../domain/types.js';
import type { SupportChat } from '../../storage/store.js';
import { AppError } from '../errors.js';
import { normalizeMetadata, queueMetadata, type MetadataInput } from './metadata.js';
import { statusPayload } from './deliver.js';
import type { SupportService } from './service.js';
import { forumLink } from './settings.js';

export interface AskInput {
  question: string;
  metadata?: MetadataInput;
  /** The request's User-Agent header, used when metadata.userAgent is absent. */
  userAgent?: string;
}

export interface AskAnswer {
  chat: string;
  state: SupportChat['state'];
  /** True when this ask updated an earlier one still waiting (the guest keeps their place). */
  merged: boolean;
  room: string | null;
  position: number | null;
  waitMs: number | null;
}

/** Joins the queue, or merges into the guest's waiting request, or returns the chat they are already in. */
export async function ask(s: SupportService, guest: UserRef, input: AskInput): Promise<AskAnswer> {
  s.names.set(guest.id, guest.name);
  const metadata = normalizeMetadata(input.metadata, input.userAgent);
  const existingId = s.byGuest.get(guest.id);
  const existing = existingId ? s.open.get(existingId) : undefined;
  if (existing?.state === 'active') {
    // Assigned a moment ago: the room may still be in the making.
    await s.settled(existing.id);
    return answer(s, existing, false);
  }
  const now = s.now;
  const chat: SupportChat = existing ?? {
    id: s.deps.newId(),
    roomId: null,
    guestId: guest.id,
    helperId: null,
    state: 'queued',
    question: input.question,
    metadata: { ...metadata },
    queuedAt: now,
    assignedAt: null,
    endedAt: null,
    endedBy: null,
    endReason: null,
  };
  if (!existing) {
    // Mapped before the queue decides, so the 'joined' entry and first notices find the chat.
    s.open.set(chat.id, chat);
    s.byGuest.set(guest.id, chat.id);
    void s.effect(chat.id, () => s.deps.store.createSupportChat({ ...chat }));
  }
  const outcome = s.step((q, t) => q.join(guest.id, { question: input.question, metadata: queueMetadata(metadata) }, t));
  if (!outcome.ok && outcome.reason !== 'in_chat') {
    if (!existing) {
      s.open.delete(chat.id);
      s.byGuest.delete(guest.id);
      void s.effect(chat.id, () => s.deps.store.updateSupportChat(chat.id, { state: 'ended', endedAt: now, endReason: `refused: ${outcome.reason}` }));
    }
    const { state, reason, message, comeBackAt } = outcome.status;
    // The monitor's own words, when they gave some, say it best.
    throw new AppError('queue_closed', message || undefined, { state, reason, comeBackAt, forumUrl: forumLink(s.deps.forumUrlTemplate, input.question) });
  }
  if (existing) s.update(chat.id, { question: input.question, metadata: { ...metadata } });
  return answer(s, chat, existing !== undefined);
}

function answer(s: SupportService, chat: SupportChat, merged: boolean): AskAnswer {
  const estimate = s.queue.estimates().find((e) => e.guestId === chat.guestId);
  return { chat: chat.id, state: chat.state, merged, room: chat.roomId, position: estimate?.position ?? null, waitMs: estimate?.waitMs ?? null };
}

export function heartbeat(s: SupportService, guestId: string): { waiting: boolean } {
  return { waiting: s.step((q, t) => q.heartbeat(guestId, t)).ok };
}

export function leave(s: SupportService, guestId: string): { left: boolean } {
  return { left: s.step((q, t) => q.leave(guestId, t)).ok };
}

/** What the door says: open or not, why, when to come back, and the forum link for this question. */
export function info(s: SupportService, question: string) {
  s.step((q, t) => q.tick(t));
  const status = s.queue.state.status;
  return { ...statusPayload(status), waiting: s.queue.state.guests.length, forumUrl: forumLink(s.deps.forumUrlTemplate, question) };
}

/** The caller's open chat, if any: lets a reloaded page pick up where it was. */
export async function myChat(s: SupportService, guestId: string): Promise<AskAnswer | null> {
  const id = s.byGuest.get(guestId);
  const chat = id ? s.open.get(id) : undefined;
  if (!chat) return null;
  await s.settled(chat.id);
  return answer(s, chat, false);
}
