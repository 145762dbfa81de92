// The chat commands: rooms, membership, roles and messages. Every command checks access through
// memberOf/roomFor, stores its event with the state change it announces (one transaction), then publishes it.
import type { Bus } from '../bus/bus.js';
import { toEvent, type DurableEvent } from '../domain/events.js';
import { renderMarkup } from '../domain/markup.js';
import { can, canGrant } from '../domain/roles.js';
import { isStaff } from '../domain/staff/roles.js';
import type { Membership, Role, Room, RoomKind, StoredMessage, UserRef } from '../domain/types.js';
import type { AppendInput, Store } from '../storage/store.js';
import { AppError } from './errors.js';
import { KeyedSerializer } from './serialize.js';

export interface ChatLimits {
  /** UTF-8 bytes of one message body. */
  maxBodyBytes: number;
  /** UTF-8 bytes of all message bodies in one room (a chat session). */
  maxRoomBytes: number;
  historyDefault: number;
  historyMax: number;
  kbUrlTemplate: string;
}

export interface SendInput {
  room: string;
  body: string;
  clientId?: string;
  /** User id: a private message to one member. */
  to?: string;
}

export interface NewRoomInput {
  kind: RoomKind;
  name: string;
  topic?: string;
  inviteOnly?: boolean;
  /** User ids joined as members at creation. */
  members?: string[];
}

export class ChatService {
  private readonly rooms = new KeyedSerializer();

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly limits: ChatLimits,
    private readonly now: () => number,
    private readonly newId: () => string,
  ) {}

  /** The only way to reach a room: missing and not-a-member look the same (404). */
  async memberOf(userId: string, roomId: string): Promise<{ room: Room; membership: Membership }> {
    const [room, membership] = await Promise.all([this.store.getRoom(roomId), this.store.getMembership(roomId, userId)]);
    if (!room || !membership || membership.leftSeq !== null) throw new AppError('not_found');
    return { room, membership };
  }

  /** A member allowed to speak. The hot path: a membership implies its room, so one read decides. */
  async speaker(userId: string, roomId: string): Promise<Membership> {
    const membership = await this.store.getMembership(roomId, userId);
    if (!membership || membership.leftSeq !== null) throw new AppError('not_found');
    if (!can(membership.role, 'speak')) throw new AppError('forbidden');
    return membership;
  }

  async createRoom(user: UserRef, input: NewRoomInput): Promise<Room> {
    // Check every member first, so an unknown id refuses the whole request before anything is stored.
    const members = await Promise.all([...new Set(input.members ?? [])].filter((id) => id !== user.id).map((id) => this.userRef(id)));
    const room = await this.store.createRoom({
      id: this.newId(),
      kind: input.kind,
      name: input.name,
      topic: input.topic ?? '',
      inviteOnly: input.inviteOnly ?? input.kind !== 'conference',
      createdBy: user.id,
      createdAt: this.now(),
    });
    await this.commit({ room: room.id, kind: 'join', author: user, data: { role: 'owner' }, effects: [{ kind: 'member', user: user.id, role: 'owner' }] });
    for (const member of members) {
      await this.commit({ room: room.id, kind: 'join', author: member, data: { role: 'member' }, effects: [{ kind: 'member', user: member.id, role: 'member' }] });
    }
    return (await this.store.getRoom(room.id))!;
  }

  /**
   * Puts a user in a room by a system decision, without an invitation (the support queue assigning a helper to
   * a guest's room). Returns null when they already are an active member.
   */
  async admit(user: UserRef, roomId: string, role: Role): Promise<DurableEvent | null> {
    const membership = await this.store.getMembership(roomId, user.id);
    if (membership && membership.leftSeq === null) return null;
    return this.commit({ room: roomId, kind: 'join', author: user, data: { role }, effects: [{ kind: 'member', user: user.id, role }] });
  }

  async listRooms(userId: string): Promise<Array<Room & { role: Role }>> {
    const memberships = (await this.store.listMemberships(userId)).filter((m) => m.leftSeq === null);
    const rooms = await Promise.all(memberships.map(async (m) => ({ ...(await this.store.getRoom(m.room))!, role: m.role })));
    return rooms.sort((a, b) => a.createdAt - b.createdAt);
  }

  async members(userId: string, roomId: string): Promise<Array<UserRef & { role: Role }>> {
    const [{ room }, staff] = await Promise.all([this.memberOf(userId, roomId), this.isStaff(userId)]);
    // A monitor watching a support chat silently is a watcher the guest must not see.
    const members = (await this.store.listMembers(roomId)).filter((m) => staff || room.kind !== 'support' || m.role !== 'watcher');
    return Promise.all(members.map(async (m) => ({ ...(await this.userRef(m.user)), role: m.role })));
  }

  /** Joins a public conference, or any room one was invited to. Returns the room and its recent history. */
  async join(user: UserRef, roomId: string): Promise<{ room: Room; history: DurableEvent[] }> {
    const [room, membership, ban] = await Promise.all([
      this.store.getRoom(roomId),
      this.store.getMembership(roomId, user.id),
      this.store.getBan(roomId, user.id),
    ]);
    if (!room) throw new AppError('not_found');
    if (!membership || membership.leftSeq !== null) {
      const invited = room.inviteOnly && (await this.store.isInvited(roomId, user.id));
      if (room.inviteOnly && !invited) throw new AppError(ban ? 'banned' : 'not_found');
      if (ban) throw new AppError('banned');
      await this.commit({
        room: roomId,
        kind: 'join',
        author: user,
        data: { role: 'member' },
        effects: [{ kind: 'member', user: user.id, role: 'member' }, ...(invited ? [{ kind: 'uninvite' as const, user: user.id }] : [])],
      });
    }
    return { room: (await this.store.getRoom(roomId))!, history: await this.history(user.id, roomId) };
  }

  async part(user: UserRef, roomId: string): Promise<void> {
    await this.memberOf(user.id, roomId);
    await this.commit({ room: roomId, kind: 'part', author: user, effects: [{ kind: 'leave', user: user.id }] });
  }

  async setTopic(user: UserRef, roomId: string, topic: string): Promise<DurableEvent> {
    const { membership } = await this.memberOf(user.id, roomId);
    if (!can(membership.role, 'topic')) throw new AppError('forbidden');
    return this.commit({ room: roomId, kind: 'topic', author: user, data: { topic }, effects: [{ kind: 'topic', topic }] });
  }

  async invite(user: UserRef, roomId: string, targetId: string): Promise<DurableEvent> {
    const { room, membership } = await this.memberOf(user.id, roomId);
    if (!can(membership.role, 'invite')) throw new AppError('forbidden');
    const target = await this.userRef(targetId);
    const event = await this.commit({ room: roomId, kind: 'invite', author: user, data: { target }, effects: [{ kind: 'invite', user: target.id }] });
    this.bus.publish(`user:${target.id}`, { type: 'invited', room: roomId, time: event.time, payload: { user, name: room.name, kind: room.kind } });
    return event;
  }

  async kick(user: UserRef, roomId: string, targetId: string, reason: string): Promise<DurableEvent> {
    const { membership } = await this.memberOf(user.id, roomId);
    const victim = await this.store.getMembership(roomId, targetId);
    if (!victim || victim.leftSeq !== null) throw new AppError('not_a_member');
    if (!can(membership.role, 'kick', victim.role)) throw new AppError('forbidden');
    const target = await this.userRef(targetId);
    return this.commit({ room: roomId, kind: 'kick', author: user, data: { target, reason }, effects: [{ kind: 'leave', user: targetId }] });
  }

  async ban(user: UserRef, roomId: string, targetId: string, reason: string): Promise<DurableEvent> {
    const { membership } = await this.memberOf(user.id, roomId);
    const victim = await this.store.getMembership(roomId, targetId);
    const active = victim !== undefined && victim.leftSeq === null;
    if (!can(membership.role, 'ban', active ? victim.role : 'member')) throw new AppError('forbidden');
    const target = await this.userRef(targetId);
    return this.commit({
      room: roomId,
      kind: 'ban',
      author: user,
      data: { target, reason },
      effects: [{ kind: 'ban', user: targetId, by: user.id, reason }, ...(active ? [{ kind: 'leave' as const, user: targetId }] : [])],
    });
  }

  async unban(user: UserRef, roomId: string, targetId: string): Promise<DurableEvent> {
    const { membership } = await this.memberOf(user.id, roomId);
    if (!can(membership.role, 'ban')) throw new AppError('forbidden');
    if (!(await this.store.getBan(roomId, targetId))) throw new AppError('not_banned');
    const target = await this.userRef(targetId);
    return this.commit({ room: roomId, kind: 'unban', author: user, data: { target }, effects: [{ kind: 'unban', user: targetId }] });
  }

  async setRole(user: UserRef, roomId: string, targetId: string, role: Role): Promise<DurableEvent> {
    const { membership } = await this.memberOf(user.id, roomId);
    const victim = await this.store.getMembership(roomId, targetId);
    if (!victim || victim.leftSeq !== null) throw new AppError('not_a_member');
    if (!can(membership.role, 'set_role', victim.role) || !canGrant(membership.role, role)) throw new AppError('forbidden');
    const target = await this.userRef(targetId);
    return this.commit({ room: roomId, kind: 'role', author: user, data: { target, role }, effects: [{ kind: 'member', user: targetId, role }] });
  }

  /** Stores and publishes a message. Idempotent by clientId: a repeat returns the original, unpublished. */
  async send(user: UserRef, input: SendInput): Promise<{ event: DurableEvent; duplicate: boolean }> {
    if (Buffer.byteLength(input.body, 'utf8') > this.limits.maxBodyBytes) throw new AppError('body_too_large');
    if (input.body.trim() === '') throw new AppError('bad_request', 'The message is empty.');
    await this.speaker(user.id, input.room);
    let to: UserRef | null = null;
    if (input.to !== undefined) {
      const recipient = await this.store.getMembership(input.room, input.to);
      if (!recipient || recipient.leftSeq !== null) throw new AppError('not_a_member');
      to = await this.userRef(input.to);
    }
    const html = renderMarkup(input.body, { kbUrlTemplate: this.limits.kbUrlTemplate });
    return this.append({
      room: input.room,
      kind: 'message',
      author: user,
      to,
      body: input.body,
      html,
      clientId: input.clientId ?? null,
      maxRoomBytes: this.limits.maxRoomBytes,
    });
  }

  /** The last `limit` events before `before` (default: the newest), oldest first. */
  async history(userId: string, roomId: string, before?: number, limit?: number): Promise<DurableEvent[]> {
    const [, staff] = await Promise.all([this.memberOf(userId, roomId), this.isStaff(userId)]);
    const count = Math.min(limit ?? this.limits.historyDefault, this.limits.historyMax);
    const rows = await this.store.eventsBefore(roomId, before ?? Number.MAX_SAFE_INTEGER, count, userId, staff);
    return rows.map(toEvent);
  }

  /** Stores and publishes an event another service composed (staff tools: whispers, notes, silent joins). */
  record(input: Omit<AppendInput, 'time'>): Promise<DurableEvent> {
    return this.commit(input);
  }

  /** Resolves when every command under way has stored and published its event. */
  drain(): Promise<void> {
    return this.rooms.drain();
  }

  private async isStaff(userId: string): Promise<boolean> {
    return isStaff((await this.store.getUser(userId))?.roles ?? []);
  }

  private async userRef(id: string): Promise<UserRef> {
    const user = await this.store.getUser(id);
    if (!user) throw new AppError('no_such_user');
    return { id: user.id, name: user.displayName };
  }

  private async commit(input: Omit<AppendInput, 'time'>): Promise<DurableEvent> {
    return (await this.append(input)).event;
  }

  private append(input: Omit<AppendInput, 'time'>): Promise<{ event: DurableEvent; duplicate: boolean }> {
    return this.rooms.run(input.room, async () => {
      const result = await this.store.append({ ...input, time: this.now() });
      if (!result.ok) throw new AppError(result.reason === 'room_full' ? 'chat_full' : 'not_found');
      const event = toEvent(result.message);
      if (!result.duplicate) this.publish(event, result.message);
      return { event, duplicate: result.duplicate };
    });
  }

  private publish(event: DurableEvent, row: StoredMessage): void {
    this.bus.publish(`room:${row.room}`, event);
    if (event.type === 'join') this.bus.publish(`user:${event.payload.user.id}`, { type: '_joined', room: row.room, seq: row.seq });
  }
}
