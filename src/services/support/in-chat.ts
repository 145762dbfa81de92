// Inside a chat: transfer to a named helper, send back to the queue, invite a colleague, end.
import type { SupportChat } from '../../storage/store.js';
import { AppError } from '../errors.js';
import type { Caller } from './desk.js';
import { isMonitor, isStaff } from './roles.js';
import { moveChat } from './move.js';
import type { SupportService, TransferOffer } from './service.js';

/** An open chat the caller may act on: as its guest (when allowed), its current helper, or a monitor. */
function chatFor(s: SupportService, caller: Caller, chatId: string, guestAllowed: boolean): SupportChat {
  const chat = s.open.get(chatId);
  const id = caller.ref.id;
  const allowed = chat && ((guestAllowed && chat.guestId === id) || (chat.state === 'active' && chat.helperId === id) || isMonitor(caller.roles));
  if (!chat || !allowed) throw new AppError('no_such_chat');
  return chat;
}

export const queueChatOf = (s: SupportService, chatId: string) => [...s.byQueueChat].find(([, id]) => id === chatId)?.[0];

function activeChat(s: SupportService, caller: Caller, chatId: string): { chat: SupportChat; queueChatId: string } {
  const chat = chatFor(s, caller, chatId, false);
  const queueChatId = queueChatOf(s, chatId);
  if (chat.state !== 'active' || !queueChatId) throw new AppError('no_such_chat', 'The chat is not in progress.');
  return { chat, queueChatId };
}

export function transfer(s: SupportService, caller: Caller, chatId: string, helperId: string, comment: string) {
  const { chat } = activeChat(s, caller, chatId);
  const target = s.helper(helperId);
  if (helperId === chat.helperId) throw new AppError('bad_request', 'The chat is already theirs.');
  if (!target || !target.approved || target.status === 'offline') throw new AppError('cannot_assist', 'That helper is not on duty.', { reason: 'not_available' });
  const now = s.now;
  const offer: TransferOffer = { id: s.newTransferId(), chatId, from: chat.helperId!, to: helperId, comment, expiresAt: now + s.queue.config.offerTimeoutMs };
  s.transfers.set(offer.id, offer);
  s.publish(helperId, {
    type: 'support_offer',
    payload: {
      offer: offer.id,
      chat: chatId,
      guest: s.ref(chat.guestId),
      question: chat.question,
      metadata: chat.metadata,
      expiresAt: offer.expiresAt,
      transfer: { from: s.ref(offer.from), comment },
    },
  });
  s.writeLog([{ chatId, guestId: chat.guestId, at: now, entry: { at: now, event: 'transfer_offered', offerId: offer.id, fromHelper: offer.from, helperId, comment } }]);
  s.carryOut([]);
  return { offer: offer.id, expiresAt: offer.expiresAt };
}

/** The named helper takes the chat over: the queue's record moves to them and they join the room. */
export async function acceptTransfer(s: SupportService, helperId: string, offerId: string) {
  const t = s.transfers.get(offerId);
  if (!t || t.to !== helperId) throw new AppError('no_such_offer');
  const chat = s.open.get(t.chatId);
  const queueChatId = queueChatOf(s, t.chatId);
  if (!chat || chat.state !== 'active' || chat.helperId !== t.from || !queueChatId) {
    s.transfers.delete(offerId);
    throw new AppError('no_such_offer');
  }
  const target = s.helper(helperId)!;
  // seatsUsed counts this transfer's own seat, so the helper is over the limit only beyond it.
  if (!target.approved || s.seatsUsed(helperId) > target.limit) throw new AppError('cannot_assist', undefined, { reason: 'full' });
  s.transfers.delete(offerId);
  const now = s.now;
  moveChat(s, chat.id, s.ref(helperId), true);
  s.writeLog([{ chatId: chat.id, guestId: chat.guestId, at: now, entry: { at: now, event: 'transfer_accepted', offerId, fromHelper: t.from, helperId, chatId: chat.id } }]);
  const helper = s.ref(helperId);
  void s.effect(chat.id, async () => {
    await s.deps.chat.admit(helper, chat.roomId!, 'op');
    await s.deps.chat.part(s.ref(t.from), chat.roomId!).catch(() => {});
    const event = { type: 'support_assigned' as const, payload: { chat: chat.id, room: chat.roomId!, helper } };
    s.publish(chat.guestId, event);
    s.publish(helperId, event);
    s.publish(t.from, { type: 'support_transferred', payload: { chat: chat.id, offer: offerId, helper, outcome: 'accepted' } });
  });
  await s.settled(chat.id);
  return { chat: chat.id, room: chat.roomId, guest: s.ref(chat.guestId) };
}

export function rejectTransfer(s: SupportService, helperId: string, offerId: string) {
  const t = s.transfers.get(offerId);
  if (!t || t.to !== helperId) throw new AppError('no_such_offer');
  s.transfers.delete(offerId);
  s.publish(t.from, { type: 'support_transferred', payload: { chat: t.chatId, offer: offerId, helper: s.ref(helperId), outcome: 'rejected' } });
  const now = s.now;
  s.writeLog([{ chatId: t.chatId, guestId: s.open.get(t.chatId)?.guestId ?? '', at: now, entry: { at: now, event: 'transfer_rejected', offerId, helperId } }]);
  s.carryOut([]);
  return { ok: true };
}

/** Back to the queue with the guest's original place; the comment goes with the next offer. */
export async function requeue(s: SupportService, caller: Caller, chatId: string, comment: string) {
  const { queueChatId } = activeChat(s, caller, chatId);
  s.step((q, t) => q.transferBack(queueChatId, comment, t));
  await s.settled(chatId);
  return { ok: true };
}

/** A second helper, a trainee or a monitor joins the chat's room (trainees learn this way; they get no offers). */
export async function invite(s: SupportService, caller: Caller, chatId: string, userId: string) {
  const { chat } = activeChat(s, caller, chatId);
  const user = await s.deps.store.getUser(userId);
  if (!user || !isStaff(user.roles)) throw new AppError('no_such_user', 'Only helpers, trainees and monitors can be invited to a support chat.');
  await s.settled(chatId);
  await s.deps.chat.admit({ id: user.id, name: user.displayName }, chat.roomId!, 'member');
  return { ok: true, room: chat.roomId };
}

/** Ends a chat in progress (guest or helper), or the wait of a guest still in line. */
export async function end(s: SupportService, caller: Caller, chatId: string, reason: string) {
  const chat = chatFor(s, caller, chatId, true);
  const queueChatId = queueChatOf(s, chatId);
  if (chat.state === 'active' && queueChatId) {
    s.ending = { by: caller.ref.id, reason };
    try {
      s.step((q, t) => q.endChat(queueChatId, t));
    } finally {
      s.ending = null;
    }
  } else {
    s.step((q, t) => q.leave(chat.guestId, t));
  }
  await s.settled(chatId);
  return { ok: true };
}
