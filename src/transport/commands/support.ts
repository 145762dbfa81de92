// Support queue commands: guests ask and wait; helpers take offers and chats; monitors run the queue.
// The rules live in src/domain/queue/ and src/services/support/ (docs/queue.md).
import { Type } from '@sinclair/typebox';
import { HELPER_STATUSES } from '../../domain/queue/index.js';
import { dispatchLog, setDoor, accept, assist, reject, setLimit, setMax, setStatus, view } from '../../services/support/desk.js';
import { end, invite, requeue, transfer } from '../../services/support/in-chat.js';
import { ask, heartbeat, info, leave, myChat } from '../../services/support/intake.js';
import { MetadataArgs, Question } from '../../services/support/metadata.js';
import { userAgentOf } from '../../services/support/user-agent.js';
import type { Auth } from '../auth.js';
import { command } from './command.js';

const Id = (description: string) => Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description });
const ChatId = Id('Support chat id');
const OfferId = Id('Offer id from support_offer');
const Comment = Type.Optional(Type.String({ maxLength: 1000, default: '' }));
const Skills = Type.Object({
  locales: Type.Array(Type.String({ maxLength: 35 }), { maxItems: 50 }),
  products: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 }),
  tags: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 50 }),
});

const caller = (a: Auth) => ({ ref: a.ref, roles: a.user.roles });

export const SUPPORT_COMMANDS = {
  support_info: command({
    method: 'GET',
    summary: 'Whether the support queue takes questions now, why not, when to come back, and the forum link for a question.',
    args: Type.Object({ question: Type.Optional(Type.String({ maxLength: 2000, default: '' })) }),
    run: async (s, _a, x) => info(s.support, x.question ?? ''),
  }),
  support_ask: command({
    method: 'POST',
    summary: 'Ask for help: join the queue (asking again updates the question and keeps your place; in a chat, returns it). 409 queue_closed with comeBackAt and forumUrl.',
    args: Type.Object({ question: Question, metadata: Type.Optional(MetadataArgs) }),
    run: (s, a, x) => ask(s.support, a.ref, { question: x.question, metadata: x.metadata, userAgent: userAgentOf(a) }),
  }),
  support_mine: command({
    method: 'GET',
    summary: 'Your open support chat (waiting or in progress), or null.',
    args: Type.Object({}),
    run: async (s, a) => ({ chat: await myChat(s.support, a.user.id) }),
  }),
  support_heartbeat: command({
    method: 'POST',
    summary: 'Still here (every 20 s while waiting without an open event stream; an open stream counts as one).',
    args: Type.Object({}),
    run: async (s, a) => heartbeat(s.support, a.user.id),
  }),
  support_leave: command({
    method: 'POST',
    summary: 'Leave the queue.',
    args: Type.Object({}),
    run: async (s, a) => leave(s.support, a.user.id),
  }),
  support_status: command({
    method: 'POST',
    summary: 'Helpers: your duty status (available, away, busy, offline) and optionally your skills.',
    args: Type.Object({ status: Type.Union(HELPER_STATUSES.map((x) => Type.Literal(x))), skills: Type.Optional(Skills) }),
    run: async (s, a, x) => setStatus(s.support, caller(a), x.status, x.skills),
  }),
  support_limit: command({
    method: 'POST',
    summary: 'Helpers: how many chats you take at once (at most your max).',
    args: Type.Object({ limit: Type.Integer({ minimum: 0, maximum: 50 }) }),
    run: async (s, a, x) => setLimit(s.support, caller(a), x.limit),
  }),
  support_max: command({
    method: 'POST',
    summary: "Monitors: a helper's maximum number of chats.",
    args: Type.Object({ helper: Id('User id'), max: Type.Integer({ minimum: 0, maximum: 50 }) }),
    run: (s, a, x) => setMax(s.support, caller(a), x.helper, x.max),
  }),
  support_accept: command({
    method: 'POST',
    summary: 'Helpers: accept an offer (or a transfer); answers with the chat and its room.',
    args: Type.Object({ offer: OfferId }),
    run: (s, a, x) => accept(s.support, caller(a), x.offer),
  }),
  support_reject: command({
    method: 'POST',
    summary: 'Helpers: turn an offer down; the guest goes to the next helper.',
    args: Type.Object({ offer: OfferId }),
    run: async (s, a, x) => reject(s.support, caller(a), x.offer),
  }),
  support_assist_next: command({
    method: 'POST',
    summary: 'Helpers: take the next guest in line (or your own offer).',
    args: Type.Object({}),
    run: (s, a) => assist(s.support, caller(a), null),
  }),
  support_assist: command({
    method: 'POST',
    summary: 'Helpers: take this waiting guest.',
    args: Type.Object({ guest: Id('Guest user id') }),
    run: (s, a, x) => assist(s.support, caller(a), x.guest),
  }),
  support_queue_open: command({
    method: 'POST',
    summary: 'Monitors: open the queue (over the posted hours), or with followHours return it to them.',
    args: Type.Object({ reason: Comment, followHours: Type.Optional(Type.Boolean()) }),
    run: async (s, a, x) => setDoor(s.support, caller(a), 'open', x.reason ?? '', x.followHours),
  }),
  support_queue_close: command({
    method: 'POST',
    summary: 'Monitors: close the queue; waiting guests are dismissed with the reason (drain to let them be served).',
    args: Type.Object({ reason: Comment }),
    run: async (s, a, x) => setDoor(s.support, caller(a), 'closed', x.reason ?? ''),
  }),
  support_queue_drain: command({
    method: 'POST',
    summary: 'Monitors: take no new guests but serve the line; closes when it is empty.',
    args: Type.Object({ reason: Comment }),
    run: async (s, a, x) => setDoor(s.support, caller(a), 'draining', x.reason ?? ''),
  }),
  support_queue: command({
    method: 'GET',
    summary: 'Staff: waiting guests with metadata and wait so far, helpers with status, load, limit and max, chats in progress.',
    args: Type.Object({}),
    run: async (s, a) => view(s.support, caller(a)),
  }),
  support_log: command({
    method: 'GET',
    summary: "Monitors: a chat's dispatch log (every offer, rejection, timeout and assignment, with the helpers considered).",
    args: Type.Object({ chat: ChatId }),
    run: (s, a, x) => dispatchLog(s.support, caller(a), x.chat),
  }),
  support_transfer: command({
    method: 'POST',
    summary: 'In a chat: offer it to a named helper; when they accept, it moves to them.',
    args: Type.Object({ chat: ChatId, helper: Id('Helper user id'), comment: Comment }),
    run: async (s, a, x) => transfer(s.support, caller(a), x.chat, x.helper, x.comment ?? ''),
  }),
  support_requeue: command({
    method: 'POST',
    summary: "In a chat: send the guest back to the queue, keeping their place; the comment goes with the next offer.",
    args: Type.Object({ chat: ChatId, comment: Comment }),
    run: (s, a, x) => requeue(s.support, caller(a), x.chat, x.comment ?? ''),
  }),
  support_invite: command({
    method: 'POST',
    summary: 'In a chat: bring a second helper, a trainee or a monitor into the room.',
    args: Type.Object({ chat: ChatId, user: Id('User id') }),
    run: (s, a, x) => invite(s.support, caller(a), x.chat, x.user),
  }),
  support_end: command({
    method: 'POST',
    summary: 'End the chat (guest or helper), or your wait; the guest is then offered a survey.',
    args: Type.Object({ chat: ChatId, reason: Type.Optional(Type.String({ maxLength: 500, default: 'ended' })) }),
    run: (s, a, x) => end(s.support, caller(a), x.chat, x.reason || 'ended'),
  }),
};
