// Guests joining, heartbeating and leaving.
import { findGuest, insertGuest, log, removeGuest, type Step } from './step.js';
import type { JoinRequest, QueueStatus } from './types.js';

export type JoinOutcome =
  | { ok: true; merged: boolean }
  | { ok: false; reason: 'closed' | 'draining'; status: QueueStatus }
  | { ok: false; reason: 'in_chat'; chatId: string };

export type GuestOutcome = { ok: true } | { ok: false; reason: 'not_waiting' };

/**
 * A repeat join from a waiting guest is merged: same place, same priority and any outstanding offer,
 * new question and metadata. It is accepted even while intake is closed, since the guest already has a place.
 */
export function join(step: Step, guestId: string, request: JoinRequest): JoinOutcome {
  const { state, now } = step;
  const chat = Object.values(state.chats).find((c) => c.guest.id === guestId);
  if (chat) return { ok: false, reason: 'in_chat', chatId: chat.id };
  const existing = findGuest(state, guestId);
  if (existing) {
    existing.question = request.question;
    existing.metadata = request.metadata;
    existing.tags = request.tags ?? [];
    existing.lastSeen = now;
    log(step, { event: 'merged', guestId });
    return { ok: true, merged: true };
  }
  const status = state.status;
  if (status.state !== 'open') {
    const reason = status.state;
    log(step, { event: 'refused', guestId, reason });
    return { ok: false, reason, status };
  }
  state.seq += 1;
  const priority = request.priority ?? 0;
  insertGuest(step, {
    id: guestId,
    seq: state.seq,
    question: request.question,
    metadata: request.metadata,
    priority,
    tags: request.tags ?? [],
    joinedAt: now,
    queuedAt: now,
    lastSeen: now,
    offer: null,
    rejectedBy: [],
    transfer: null,
    lastSent: null,
    lastDecision: null,
  });
  log(step, { event: 'joined', guestId, priority });
  return { ok: true, merged: false };
}

export function heartbeat(step: Step, guestId: string): GuestOutcome {
  const guest = findGuest(step.state, guestId);
  if (!guest) return { ok: false, reason: 'not_waiting' };
  guest.lastSeen = step.now;
  return { ok: true };
}

export function leave(step: Step, guestId: string): GuestOutcome {
  const guest = findGuest(step.state, guestId);
  if (!guest) return { ok: false, reason: 'not_waiting' };
  removeGuest(step, guest, 'left');
  return { ok: true };
}
