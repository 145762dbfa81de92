// Carrying out the queue's notices, in the order the queue made them: events to guests and helpers, row
// changes, the dispatch log, and the room work that assignments, transfers back and ends need.
import type { LogEntry, Notice, QueueStatus } from '../../domain/queue/index.js';
import type { DispatchLogLine } from '../../storage/store.js';
import type { SupportService } from './service.js';

export function deliver(s: SupportService, notices: Notice[]): void {
  // Log lines first, while every guest still maps to the chat the entries are about.
  s.writeLog(notices.flatMap((n) => (n.type === 'log' ? [logLine(s, n.entry)] : [])));
  for (const n of notices) {
    switch (n.type) {
      case 'guest.position': {
        const chat = s.byGuest.get(n.guestId);
        if (chat) s.publish(n.guestId, { type: 'queue_position', payload: { chat, position: n.position, waitMs: n.waitMs } });
        break;
      }
      case 'guest.offered':
        break; // the guest sees position 0 in the position notice that follows
      case 'guest.left':
        endWait(s, n.guestId, n.reason, n.message);
        break;
      case 'helper.offer': {
        const chatId = s.byGuest.get(n.guestId);
        const chat = chatId ? s.open.get(chatId) : undefined;
        if (!chatId || !chat) break;
        s.update(chatId, { state: 'offered', helperId: n.helperId });
        s.publish(n.helperId, {
          type: 'support_offer',
          payload: {
            offer: n.offerId,
            chat: chatId,
            guest: s.ref(n.guestId),
            question: n.ticket.question,
            metadata: chat.metadata,
            expiresAt: n.expiresAt,
            transfer: n.transfer && { from: s.ref(n.transfer.fromHelper), comment: n.transfer.comment },
          },
        });
        break;
      }
      case 'helper.offerRevoked': {
        s.publish(n.helperId, { type: 'support_offer_revoked', payload: { offer: n.offerId, reason: n.reason } });
        const chatId = s.byGuest.get(n.guestId);
        // A guest who left is ended by the guest.left notice; one who still waits is back in line.
        if (chatId && s.queue.state.guests.some((g) => g.id === n.guestId && !g.offer)) s.update(chatId, { state: 'queued', helperId: null });
        break;
      }
      case 'chat.assigned':
        assign(s, n.chatId, n.guestId, n.helperId);
        break;
      case 'queue.status':
        announceStatus(s, n.status);
        break;
      case 'log':
        if (n.entry.event === 'ended') finish(s, n.entry.guestId, n.entry.helperId);
        if (n.entry.event === 'transferred') backInLine(s, n.entry.guestId, n.entry.helperId);
        break;
    }
  }
}

function logLine(s: SupportService, entry: LogEntry): DispatchLogLine {
  const chatId = entry.event === 'refused' ? null : (s.byGuest.get(entry.guestId) ?? null);
  // Entries name the queue's internal chat ids; the log speaks of ours.
  const stored: Record<string, unknown> = { ...entry };
  if ('chatId' in entry) stored.chatId = chatId;
  return { chatId, guestId: entry.guestId, at: entry.at, entry: stored };
}

export function statusPayload(status: QueueStatus) {
  return { state: status.state, reason: status.reason, message: status.message, ...(status.comeBackAt !== null ? { reopensAt: status.comeBackAt } : {}) };
}

/** Waiting guests and helpers on duty hear about intake changes; everyone else asks support_info. */
function announceStatus(s: SupportService, status: QueueStatus): void {
  const payload = statusPayload(status);
  for (const g of s.queue.state.guests) s.publish(g.id, { type: 'queue_status', payload });
  for (const h of Object.values(s.queue.state.helpers)) if (h.status !== 'offline') s.publish(h.id, { type: 'queue_status', payload });
}

/** A helper took the guest: the chat gets its room (a new one, or the one it had before a transfer back). */
function assign(s: SupportService, queueChatId: string, guestId: string, helperId: string): void {
  const chatId = s.byGuest.get(guestId);
  const chat = chatId ? s.open.get(chatId) : undefined;
  if (!chatId || !chat) return;
  s.byQueueChat.set(queueChatId, chatId);
  const assignedAt = s.now;
  Object.assign(chat, { state: 'active', helperId, assignedAt });
  const helper = s.ref(helperId);
  const guest = s.ref(guestId);
  void s.effect(chatId, async () => {
    let roomId = chat.roomId;
    if (roomId) await s.deps.chat.admit(helper, roomId, 'op');
    else {
      const room = await s.deps.chat.createRoom(helper, {
        kind: 'support',
        name: `Support: ${guest.name}`.slice(0, 100),
        topic: chat.question.slice(0, 1000),
        inviteOnly: true,
        members: [guestId],
      });
      roomId = room.id;
    }
    chat.roomId = roomId;
    await s.deps.store.updateSupportChat(chatId, { state: 'active', helperId, assignedAt, roomId });
    const event = { type: 'support_assigned' as const, payload: { chat: chatId, room: roomId, helper } };
    s.publish(guestId, event);
    s.publish(helperId, event);
  });
}

/** The guest's wait ended without a chat (left, timed out, dismissed by a closing queue). */
function endWait(s: SupportService, guestId: string, reason: string, message: string | null): void {
  const chatId = s.byGuest.get(guestId);
  const chat = chatId ? s.open.get(chatId) : undefined;
  if (!chatId || !chat) return;
  const endedBy = reason === 'left' ? guestId : null;
  s.update(chatId, { state: 'ended', helperId: null, endedAt: s.now, endedBy, endReason: message ? `${reason}: ${message}` : reason });
  s.close(chatId);
  // A guest sent back to the queue waited in their old room: the room is done with them too.
  if (chat.roomId) void s.effect(chatId, async () => void (await s.deps.chat.part(s.ref(guestId), chat.roomId!).catch(() => {})));
  s.publish(guestId, { type: 'support_ended', payload: { chat: chatId, reason, surveyOffered: false } });
}

/** A chat ended: the guest leaves the room (one support room at a time) and both sides are told. */
function finish(s: SupportService, guestId: string, helperId: string): void {
  const chatId = s.byGuest.get(guestId);
  const chat = chatId ? s.open.get(chatId) : undefined;
  if (!chatId || !chat) return;
  const { by, reason } = s.ending ?? { by: null, reason: 'ended' };
  s.update(chatId, { state: 'ended', endedAt: s.now, endedBy: by, endReason: reason });
  s.close(chatId);
  void s.effect(chatId, async () => {
    if (chat.roomId) await s.deps.chat.part(s.ref(guestId), chat.roomId).catch(() => {});
    const event = { type: 'support_ended' as const, payload: { chat: chatId, reason, surveyOffered: true } };
    s.publish(guestId, event);
    s.publish(helperId, event);
  });
}

/** A helper sent the guest back to the queue: the guest keeps the room and waits there for the next helper. */
function backInLine(s: SupportService, guestId: string, helperId: string): void {
  const chatId = s.byGuest.get(guestId);
  const chat = chatId ? s.open.get(chatId) : undefined;
  if (!chatId || !chat) return;
  for (const [queueChat, id] of s.byQueueChat) if (id === chatId) s.byQueueChat.delete(queueChat);
  s.update(chatId, { state: 'queued', helperId: null });
  if (chat.roomId) void s.effect(chatId, async () => void (await s.deps.chat.part(s.ref(helperId), chat.roomId!).catch(() => {})));
}
