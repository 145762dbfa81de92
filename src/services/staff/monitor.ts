// Monitors in a support chat: watch silently, whisper to staff, barge in, take over, hand back. Each action is
// stored in monitor_actions. Silent steps are staff-only events, so the guest sees only what reaches them:
// the monitor joining when they barge in or take over, and the helpers coming and going.
import type { DurableEvent } from '../../domain/events.js';
import { renderMarkup } from '../../domain/markup.js';
import { isStaff } from '../../domain/staff/roles.js';
import type { Role, UserRef } from '../../domain/types.js';
import type { MonitorAction, MonitorActionKind } from '../../storage/staff.js';
import type { Store, SupportChat } from '../../storage/store.js';
import type { StaffDeps } from './index.js';
import type { ChatService } from '../chat.js';
import { AppError } from '../errors.js';
import { requireMonitor, requireStaff, staffChat, staffChatRoom, type Caller } from './access.js';

export interface MonitorDeps {
  store: Store;
  chat: ChatService;
  seats: StaffDeps['seats'];
  now: () => number;
  newId: () => string;
  maxBodyBytes: number;
  kbUrlTemplate: string;
}

export class MonitorTools {
  constructor(private readonly d: MonitorDeps) {}

  /** Joins the room as a watcher, seen by staff only. */
  async watch(caller: Caller, chatId: string): Promise<{ event: DurableEvent }> {
    requireMonitor(caller);
    const chat = await this.open(caller, chatId);
    if (await this.activeRole(chat.roomId, caller.ref.id)) throw new AppError('bad_request', 'You are already in this chat.');
    const event = await this.d.chat.record({
      room: chat.roomId,
      kind: 'join',
      author: caller.ref,
      data: { role: 'watcher' },
      audience: 'staff',
      effects: [{ kind: 'member', user: caller.ref.id, role: 'watcher' }],
    });
    await this.log(caller, chat.id, 'watch', {});
    return { event };
  }

  /** A message to the room's staff only. Any staff member of the room may whisper (a helper answering a monitor). */
  async whisper(caller: Caller, chatId: string, body: string): Promise<{ event: DurableEvent }> {
    const event = await this.staffMessage(caller, chatId, body, false);
    if (caller.roles.includes('monitor') || caller.roles.includes('admin')) await this.log(caller, chatId, 'whisper', { seq: event.seq });
    return { event };
  }

  /** A private note on the chat: staff-only, stored in the room log (and so in the transcript). */
  note(caller: Caller, chatId: string, body: string): Promise<DurableEvent> {
    return this.staffMessage(caller, chatId, body, true);
  }

  /** From watching to speaking: a public join as op, so the guest now sees the monitor. */
  async barge(caller: Caller, chatId: string): Promise<{ event: DurableEvent }> {
    requireMonitor(caller);
    const chat = await this.open(caller, chatId);
    const event = await this.joinVisibly(chat.roomId, caller.ref, 'op');
    await this.log(caller, chat.id, 'barge', {});
    return { event };
  }

  /** The monitor owns the chat and its queue seat; the helper leaves the room and is free for the next guest. */
  async takeover(caller: Caller, chatId: string): Promise<{ event: DurableEvent }> {
    requireMonitor(caller);
    const chat = await this.open(caller, chatId);
    const event = await this.joinVisibly(chat.roomId, caller.ref, 'owner');
    const helper = chat.helperId && chat.helperId !== caller.ref.id ? chat.helperId : null;
    if (helper && (await this.activeRole(chat.roomId, helper))) await this.leave(chat.roomId, helper);
    this.d.seats.reassign(chat.id, caller.ref, caller.roles.includes('helper'));
    await this.log(caller, chat.id, 'takeover', { helper });
    return { event };
  }

  /** Gives the chat to `helperId` (joined as owner) and the monitor leaves the room. */
  async handback(caller: Caller, chatId: string, helperId: string): Promise<{ event: DurableEvent }> {
    requireMonitor(caller);
    const chat = await this.open(caller, chatId);
    const helper = await this.d.store.getUser(helperId);
    if (!helper || !isStaff(helper.roles) || helper.roles.every((r) => r === 'guest')) throw new AppError('bad_request', 'Hand back to a helper.');
    if (helperId === caller.ref.id) throw new AppError('bad_request', 'Hand back to someone else.');
    const event = await this.joinVisibly(chat.roomId, { id: helper.id, name: helper.displayName }, 'owner');
    if (await this.activeRole(chat.roomId, caller.ref.id)) await this.leave(chat.roomId, caller.ref.id);
    this.d.seats.reassign(chat.id, { id: helper.id, name: helper.displayName }, helper.roles.includes('helper'));
    await this.log(caller, chat.id, 'handback', { helper: helperId });
    return { event };
  }

  async actions(caller: Caller, chatId: string): Promise<MonitorAction[]> {
    const chat = await staffChat(this.d.store, caller, chatId);
    return this.d.store.staff.listMonitorActions(chat.id);
  }

  private async staffMessage(caller: Caller, chatId: string, body: string, note: boolean): Promise<DurableEvent> {
    requireStaff(caller);
    if (Buffer.byteLength(body, 'utf8') > this.d.maxBodyBytes) throw new AppError('body_too_large');
    if (body.trim() === '') throw new AppError('bad_request', 'The message is empty.');
    const chat = await staffChatRoom(this.d.store, caller, chatId);
    // Notes may be written after the end by whoever handled the chat; whispers need a seat in the room.
    if (!note && !(await this.activeRole(chat.roomId, caller.ref.id))) throw new AppError('not_found');
    return this.d.chat.record({
      room: chat.roomId,
      kind: 'message',
      author: caller.ref,
      body,
      html: renderMarkup(body, { kbUrlTemplate: this.d.kbUrlTemplate }),
      data: note ? { note: true } : null,
      audience: 'staff',
    });
  }

  /** An open chat with a room. */
  private async open(caller: Caller, chatId: string): Promise<SupportChat & { roomId: string }> {
    const chat = await staffChatRoom(this.d.store, caller, chatId);
    if (chat.state === 'ended') throw new AppError('bad_request', 'This chat has ended.');
    return chat;
  }

  private async activeRole(room: string, user: string): Promise<Role | null> {
    const m = await this.d.store.getMembership(room, user);
    return m && m.leftSeq === null ? m.role : null;
  }

  /** A join everyone sees (also when already watching: the guest never saw that join), with `role`. */
  private joinVisibly(room: string, user: UserRef, role: Role): Promise<DurableEvent> {
    return this.d.chat.record({ room, kind: 'join', author: user, data: { role }, effects: [{ kind: 'member', user: user.id, role }] });
  }

  private async leave(room: string, userId: string): Promise<void> {
    const user = await this.d.store.getUser(userId);
    await this.d.chat.record({ room, kind: 'part', author: { id: userId, name: user?.displayName ?? userId }, effects: [{ kind: 'leave', user: userId }] });
  }

  private log(caller: Caller, chat: string, action: MonitorActionKind, detail: Record<string, unknown>): Promise<void> {
    return this.d.store.staff.addMonitorAction({ id: this.d.newId(), chat, monitor: caller.ref, action, detail, time: this.d.now() });
  }
}
