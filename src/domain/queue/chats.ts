// Chats: how a waiting guest becomes a chat, and how a chat ends or goes back to the queue.
import { insertGuest, log, nextId, ticketOf, type Step } from './step.js';
import type { ChatRecord, HelperRecord, WaitingGuest } from './types.js';

export type ChatOutcome = { ok: true; durationMs: number } | { ok: false; reason: 'unknown_chat' };

/** Move `guest` out of the line into a chat with `helper`. The caller has checked the seat. */
export function startChat(step: Step, guest: WaitingGuest, helper: HelperRecord): string {
  const { state, now } = step;
  const id = nextId(step, 'c');
  const ticket = ticketOf(guest);
  state.guests.splice(state.guests.indexOf(guest), 1);
  state.chats[id] = { id, helperId: helper.id, guest: ticket, startedAt: now };
  helper.chats.push(id);
  step.notices.push({ type: 'chat.assigned', chatId: id, guestId: guest.id, helperId: helper.id, ticket, transfer: guest.transfer });
  return id;
}

function close(step: Step, chat: ChatRecord): number {
  const { state, now } = step;
  delete state.chats[chat.id];
  const helper = state.helpers[chat.helperId];
  helper.chats = helper.chats.filter((c) => c !== chat.id);
  helper.idleSince = now;
  return now - chat.startedAt;
}

/** Frees the seat and feeds the handling-time average. */
export function endChat(step: Step, chatId: string): ChatOutcome {
  const { state, config } = step;
  const chat = state.chats[chatId];
  if (!chat) return { ok: false, reason: 'unknown_chat' };
  const durationMs = close(step, chat);
  state.durations.push(durationMs);
  if (state.durations.length > config.handlingSampleSize) state.durations.splice(0, state.durations.length - config.handlingSampleSize);
  log(step, { event: 'ended', chatId, guestId: chat.guest.id, helperId: chat.helperId, durationMs });
  return { ok: true, durationMs };
}

/**
 * Back into the line at the original join time, so the guest keeps their place. The transferring
 * helper counts as having rejected them: the point is that someone else takes over. A cut-short chat
 * is not a handling time, so it does not feed the average.
 */
export function transferBack(step: Step, chatId: string, comment: string): ChatOutcome {
  const { state, now } = step;
  const chat = state.chats[chatId];
  if (!chat) return { ok: false, reason: 'unknown_chat' };
  const durationMs = close(step, chat);
  insertGuest(step, {
    ...chat.guest,
    queuedAt: now,
    lastSeen: now,
    offer: null,
    rejectedBy: [chat.helperId],
    transfer: { fromHelper: chat.helperId, comment },
    lastSent: null,
    lastDecision: null,
  });
  log(step, { event: 'transferred', chatId, guestId: chat.guest.id, helperId: chat.helperId, comment });
  return { ok: true, durationMs };
}
