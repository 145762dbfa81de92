// Chat commands: rooms, membership, roles, messages, history, typing and status.
import { Type } from '@sinclair/typebox';
import { ROLES, USER_STATUSES } from '../../domain/types.js';
import { command } from './command.js';

const RoomId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Room id' });
const UserId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'User id' });
const Reason = Type.Optional(Type.String({ maxLength: 500, default: '' }));

export const CHAT_COMMANDS = {
  rooms: command({
    method: 'GET',
    summary: 'The rooms you belong to, with your role in each.',
    args: Type.Object({}),
    run: async (s, a) => ({ rooms: await s.chat.listRooms(a.user.id) }),
  }),
  members: command({
    method: 'GET',
    summary: 'Members of a room with their roles and status.',
    args: Type.Object({ room: RoomId }),
    run: async (s, a, x) => ({
      members: (await s.chat.members(a.user.id, x.room)).map((m) => ({ ...m, status: s.presence.statusOf(m.id) })),
    }),
  }),
  users: command({
    method: 'GET',
    summary: 'Find users by name (to invite them).',
    args: Type.Object({ q: Type.String({ maxLength: 100, default: '' }) }),
    run: async (s, _a, x) => ({ users: await s.directory.search(x.q ?? '') }),
  }),
  create_room: command({
    method: 'POST',
    summary: 'Create a room; you become its owner.',
    args: Type.Object({
      kind: Type.Union([Type.Literal('conference'), Type.Literal('direct')]),
      name: Type.String({ minLength: 1, maxLength: 100 }),
      topic: Type.Optional(Type.String({ maxLength: 1000 })),
      inviteOnly: Type.Optional(Type.Boolean()),
      members: Type.Optional(Type.Array(UserId, { maxItems: 50 })),
    }),
    run: async (s, a, x) => ({ room: await s.chat.createRoom(a.ref, x) }),
  }),
  join: command({
    method: 'POST',
    summary: 'Join a public conference or a room you were invited to; returns recent history.',
    args: Type.Object({ room: RoomId }),
    run: (s, a, x) => s.chat.join(a.ref, x.room),
  }),
  part: command({
    method: 'POST',
    summary: 'Leave a room.',
    args: Type.Object({ room: RoomId }),
    run: async (s, a, x) => ({ ok: await s.chat.part(a.ref, x.room).then(() => true) }),
  }),
  topic: command({
    method: 'POST',
    summary: 'Set the topic (half-op and above).',
    args: Type.Object({ room: RoomId, topic: Type.String({ maxLength: 1000 }) }),
    run: async (s, a, x) => ({ event: await s.chat.setTopic(a.ref, x.room, x.topic) }),
  }),
  invite: command({
    method: 'POST',
    summary: 'Invite a user (half-op and above).',
    args: Type.Object({ room: RoomId, user: UserId }),
    run: async (s, a, x) => ({ event: await s.chat.invite(a.ref, x.room, x.user) }),
  }),
  kick: command({
    method: 'POST',
    summary: 'Remove a weaker member (half-op and above).',
    args: Type.Object({ room: RoomId, user: UserId, reason: Reason }),
    run: async (s, a, x) => ({ event: await s.chat.kick(a.ref, x.room, x.user, x.reason ?? '') }),
  }),
  ban: command({
    method: 'POST',
    summary: 'Ban a user until unbanned (op and above).',
    args: Type.Object({ room: RoomId, user: UserId, reason: Reason }),
    run: async (s, a, x) => ({ event: await s.chat.ban(a.ref, x.room, x.user, x.reason ?? '') }),
  }),
  unban: command({
    method: 'POST',
    summary: 'Lift a ban (op and above).',
    args: Type.Object({ room: RoomId, user: UserId }),
    run: async (s, a, x) => ({ event: await s.chat.unban(a.ref, x.room, x.user) }),
  }),
  role: command({
    method: 'POST',
    summary: "Change a member's role (op and above, to a role below your own).",
    args: Type.Object({ room: RoomId, user: UserId, role: Type.Union(ROLES.map((r) => Type.Literal(r))) }),
    run: async (s, a, x) => ({ event: await s.chat.setRole(a.ref, x.room, x.user, x.role) }),
  }),
  message: command({
    method: 'POST',
    summary: 'Send a message (to one member when `to` is set). Idempotent by clientId.',
    args: Type.Object({
      room: RoomId,
      body: Type.String(),
      clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      to: Type.Optional(UserId),
    }),
    run: async (s, a, x) => {
      const { event, duplicate } = await s.chat.send(a.ref, x);
      s.presence.messageSent(a.ref, x.room);
      return { seq: event.seq, time: event.time, duplicate };
    },
  }),
  history: command({
    method: 'GET',
    summary: 'Events before `before` (default: the newest), oldest first.',
    args: Type.Object({
      room: RoomId,
      before: Type.Optional(Type.Integer({ minimum: 1 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    }),
    run: async (s, a, x) => ({ events: await s.chat.history(a.user.id, x.room, x.before, x.limit) }),
  }),
  typing: command({
    method: 'POST',
    summary: 'Tell the room you are typing; expires without a refresh.',
    args: Type.Object({ room: RoomId, state: Type.Union([Type.Literal('active'), Type.Literal('stopped')]) }),
    run: async (s, a, x) => {
      await s.chat.speaker(a.user.id, x.room); // a watcher, who cannot speak, does not type either
      s.presence.typingIn(a.ref, x.room, x.state);
      return { ok: true };
    },
  }),
  status: command({
    method: 'POST',
    summary: 'Set your status, pushed to everyone sharing a room with you.',
    args: Type.Object({ status: Type.Union(USER_STATUSES.filter((x) => x !== 'offline').map((x) => Type.Literal(x))) }),
    run: async (s, a, x) => {
      await s.presence.setStatus(a.ref, x.status);
      return { ok: true };
    },
  }),
};
