// The helpers' and monitors' side: duty status, chat limits, offers, picking guests by hand, the queue's door,
// the live view of the queue and the dispatch log.
import type { HelperSkills, HelperStatus } from '../../domain/queue/index.js';
import type { GlobalRole, UserRef } from '../../domain/types.js';
import { AppError } from '../errors.js';
import { acceptTransfer, rejectTransfer } from './in-chat.js';
import { isApproved, isMonitor, isQueueHelper, isStaff } from './roles.js';
import type { SupportService } from './service.js';

export interface Caller {
  ref: UserRef;
  roles: readonly GlobalRole[];
}

const NO_SKILLS: HelperSkills = { locales: [], products: [], tags: [] };

export function requireMonitor(caller: Caller): void {
  if (!isMonitor(caller.roles)) throw new AppError('monitor_only');
}

/** Registers the caller from their account on first use, and again when their approval changed. */
function registered(s: SupportService, caller: Caller, skills?: HelperSkills) {
  if (!isQueueHelper(caller.roles)) throw new AppError('staff_only');
  s.names.set(caller.ref.id, caller.ref.name);
  const record = s.helper(caller.ref.id);
  const approved = isApproved(caller.roles);
  if (!record || record.approved !== approved || skills) {
    s.step((q, t) => q.registerHelper({ id: caller.ref.id, approved, ...(record ? { maxChats: record.maxChats } : {}), skills: skills ?? record?.skills ?? NO_SKILLS }, t));
  }
  return s.helper(caller.ref.id)!;
}

export function setStatus(s: SupportService, caller: Caller, status: HelperStatus, skills?: HelperSkills) {
  registered(s, caller, skills);
  // Their own choice replaces the status they had before a restart.
  s.onDutyBefore.delete(caller.ref.id);
  const outcome = s.step((q, t) => q.setHelperStatus(caller.ref.id, status, t));
  return { status, limit: outcome.ok ? outcome.limit : 0 };
}

export function setLimit(s: SupportService, caller: Caller, limit: number) {
  const helper = registered(s, caller);
  s.step((q, t) => q.setChatLimit(caller.ref.id, limit, t));
  return { limit: s.helper(caller.ref.id)!.limit, max: helper.maxChats };
}

export async function setMax(s: SupportService, caller: Caller, helperId: string, max: number) {
  requireMonitor(caller);
  if (!s.helper(helperId)) {
    const user = await s.deps.store.getUser(helperId);
    if (!user || !isQueueHelper(user.roles)) throw new AppError('no_such_user', 'No such helper.');
    registered(s, { ref: { id: user.id, name: user.displayName }, roles: user.roles });
  }
  s.step((q, t) => q.setMaxChats(helperId, max, t));
  const helper = s.helper(helperId)!;
  return { helper: helperId, max: helper.maxChats, limit: helper.limit };
}

/** Accepts a dispatch offer or a transfer; resolves once the chat has its room. */
export async function accept(s: SupportService, caller: Caller, offer: string) {
  registered(s, caller);
  if (s.transfers.has(offer)) return acceptTransfer(s, caller.ref.id, offer);
  const outcome = s.step((q, t) => q.acceptOffer(caller.ref.id, offer, t));
  if (!outcome.ok) throw new AppError('no_such_offer');
  return assigned(s, outcome.chatId);
}

export function reject(s: SupportService, caller: Caller, offer: string) {
  if (s.transfers.has(offer)) return rejectTransfer(s, caller.ref.id, offer);
  const outcome = s.step((q, t) => q.rejectOffer(caller.ref.id, offer, t));
  if (!outcome.ok) throw new AppError('no_such_offer');
  return { ok: true };
}

export async function assist(s: SupportService, caller: Caller, guestId: string | null) {
  registered(s, caller);
  const outcome = s.step((q, t) => (guestId === null ? q.assistNext(caller.ref.id, t) : q.assistGuest(caller.ref.id, guestId, t)));
  if (!outcome.ok) throw new AppError('cannot_assist', undefined, { reason: outcome.reason });
  return assigned(s, outcome.chatId);
}

async function assigned(s: SupportService, queueChatId: string) {
  const chatId = s.byQueueChat.get(queueChatId)!;
  await s.settled(chatId);
  const chat = (await s.deps.store.getSupportChat(chatId))!;
  return { chat: chatId, room: chat.roomId, guest: s.ref(chat.guestId) };
}

/** A monitor opens, closes or drains the queue; `followHours` hands control back to the posted hours. */
export function setDoor(s: SupportService, caller: Caller, state: 'open' | 'closed' | 'draining', message: string, followHours = false) {
  requireMonitor(caller);
  s.step((q, t) => (followHours ? q.clearManualStatus(t) : q.setManualStatus(state, message, t)));
  return { status: s.queue.state.status };
}

/** Staff's live view: who waits (with metadata and wait so far), who helps, and the chats in progress. */
export function view(s: SupportService, caller: Caller) {
  if (!isStaff(caller.roles)) throw new AppError('staff_only');
  s.step((q, t) => q.tick(t));
  const now = s.now;
  const state = s.queue.state;
  const estimates = new Map(s.queue.estimates().map((e) => [e.guestId, e]));
  const offers = new Map<string, number>();
  for (const g of state.guests) if (g.offer) offers.set(g.offer.helperId, (offers.get(g.offer.helperId) ?? 0) + 1);
  return {
    status: state.status,
    waiting: state.guests.map((g) => ({
      chat: s.byGuest.get(g.id) ?? null,
      guest: s.ref(g.id),
      question: g.question,
      metadata: s.open.get(s.byGuest.get(g.id) ?? '')?.metadata ?? g.metadata,
      position: estimates.get(g.id)?.position ?? null,
      waitMs: estimates.get(g.id)?.waitMs ?? null,
      waitedMs: now - g.joinedAt,
      offeredTo: g.offer ? s.ref(g.offer.helperId) : null,
      transfer: g.transfer,
    })),
    helpers: Object.values(state.helpers).map((h) => ({
      helper: s.ref(h.id),
      status: h.status,
      approved: h.approved,
      load: h.chats.length + (offers.get(h.id) ?? 0),
      limit: h.limit,
      max: h.maxChats,
      chats: h.chats.map((c) => s.byQueueChat.get(c) ?? null),
    })),
    chats: [...s.open.values()]
      .filter((c) => c.state === 'active')
      .map((c) => ({ chat: c.id, room: c.roomId, guest: s.ref(c.guestId), helper: c.helperId && s.ref(c.helperId), since: c.assignedAt })),
  };
}

export async function dispatchLog(s: SupportService, caller: Caller, chatId: string) {
  requireMonitor(caller);
  await s.settled('log');
  const lines = await s.deps.store.dispatchLog(chatId);
  return { chat: chatId, lines: lines.map((l) => l.entry) };
}
