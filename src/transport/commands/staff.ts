// Staff commands inside and after a support chat: monitor tools, notes, canned responses, tags, follow-up,
// the guest's survey, transcripts and the webhook delivery log (src/services/staff/).
import { Type } from '@sinclair/typebox';
import { TAG_PATTERN } from '../../domain/staff/tag-rules.js';
import type { Caller } from '../../services/staff/access.js';
import { requireMonitor } from '../../services/staff/access.js';
import type { Auth } from '../auth.js';
import { command } from './command.js';

const ChatId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Support chat id' });
const UserId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'User id' });
const Body = Type.String({ minLength: 1 });
const Tag = Type.String({ pattern: TAG_PATTERN.source, description: 'Lower-case tag' });
const Shortcode = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' });
const Chat = Type.Object({ chat: ChatId });

const caller = (a: Auth): Caller => ({ ref: a.ref, roles: a.user.roles });

export const STAFF_COMMANDS = {
  staff_watch: command({
    method: 'POST',
    summary: 'Monitor: join a support chat silently as a watcher (staff see it, the guest does not).',
    args: Chat,
    run: (s, a, x) => s.staff.monitor.watch(caller(a), x.chat),
  }),
  staff_whisper: command({
    method: 'POST',
    summary: "A message to the chat's staff only; the guest never receives it.",
    args: Type.Object({ chat: ChatId, body: Body }),
    run: (s, a, x) => s.staff.monitor.whisper(caller(a), x.chat, x.body),
  }),
  staff_barge: command({
    method: 'POST',
    summary: 'Monitor: step in and speak to the guest (joins visibly as op).',
    args: Chat,
    run: (s, a, x) => s.staff.monitor.barge(caller(a), x.chat),
  }),
  staff_takeover: command({
    method: 'POST',
    summary: 'Monitor: take the chat over; the helper leaves the room.',
    args: Chat,
    run: (s, a, x) => s.staff.monitor.takeover(caller(a), x.chat),
  }),
  staff_handback: command({
    method: 'POST',
    summary: 'Monitor: give the chat to a helper (joined as owner) and leave it.',
    args: Type.Object({ chat: ChatId, helper: UserId }),
    run: (s, a, x) => s.staff.monitor.handback(caller(a), x.chat, x.helper),
  }),
  staff_actions: command({
    method: 'GET',
    summary: "Staff: the monitors' actions on a chat, oldest first.",
    args: Chat,
    run: async (s, a, x) => ({ actions: await s.staff.monitor.actions(caller(a), x.chat) }),
  }),
  staff_note: command({
    method: 'POST',
    summary: 'Staff: a private note on the chat (staff-only, kept in the transcript).',
    args: Type.Object({ chat: ChatId, body: Body }),
    run: async (s, a, x) => ({ event: await s.staff.monitor.note(caller(a), x.chat, x.body) }),
  }),
  canned_list: command({
    method: 'GET',
    summary: 'Staff: shared canned responses and your own.',
    args: Type.Object({}),
    run: async (s, a) => ({ canned: await s.staff.canned.list(caller(a)) }),
  }),
  canned_save: command({
    method: 'POST',
    summary: 'Staff: create or replace a canned response by short code (shared ones: monitors only).',
    args: Type.Object({ shortcode: Shortcode, title: Type.String({ minLength: 1, maxLength: 200 }), body: Type.String({ minLength: 1, maxLength: 10_000 }), shared: Type.Boolean() }),
    run: async (s, a, x) => ({ canned: await s.staff.canned.save(caller(a), x) }),
  }),
  canned_delete: command({
    method: 'POST',
    summary: 'Staff: delete a canned response (shared ones: monitors only).',
    args: Type.Object({ shortcode: Shortcode, shared: Type.Optional(Type.Boolean({ default: false })) }),
    run: async (s, a, x) => ({ ok: await s.staff.canned.delete(caller(a), x.shortcode, x.shared ?? false).then(() => true) }),
  }),
  canned_expand: command({
    method: 'GET',
    summary: 'Staff: the body behind a short code (your own first, then the shared one).',
    args: Type.Object({ shortcode: Shortcode }),
    run: async (s, a, x) => {
      const canned = await s.staff.canned.expand(caller(a), x.shortcode);
      return { shortcode: canned.shortcode, title: canned.title, body: canned.body, shared: canned.owner === null };
    },
  }),
  chat_tag_add: command({
    method: 'POST',
    summary: 'Staff: tag a chat.',
    args: Type.Object({ chat: ChatId, tag: Tag }),
    run: async (s, a, x) => ({ tags: await s.staff.tags.add(caller(a), x.chat, x.tag) }),
  }),
  chat_tag_remove: command({
    method: 'POST',
    summary: 'Staff: remove a tag from a chat.',
    args: Type.Object({ chat: ChatId, tag: Tag }),
    run: async (s, a, x) => ({ tags: await s.staff.tags.remove(caller(a), x.chat, x.tag) }),
  }),
  chat_follow_up: command({
    method: 'POST',
    summary: 'Staff: mark a chat as needing follow-up, or clear the mark.',
    args: Type.Object({ chat: ChatId, needed: Type.Boolean() }),
    run: (s, a, x) => s.staff.outcomes.setFollowUp(caller(a), x.chat, x.needed),
  }),
  survey: command({
    method: 'GET',
    summary: "Guest: the survey offered for your chat (built in or an external link) and the forum link.",
    args: Chat,
    run: (s, a, x) => s.staff.outcomes.survey(caller(a), x.chat),
  }),
  survey_answer: command({
    method: 'POST',
    summary: 'Guest: rate your ended chat once (1-5); resolved: false answers with the forum link.',
    args: Type.Object({
      chat: ChatId,
      rating: Type.Integer({ minimum: 1, maximum: 5 }),
      comment: Type.Optional(Type.String({ maxLength: 2000, default: '' })),
      resolved: Type.Optional(Type.Boolean()),
    }),
    run: async (s, a, x) => ({ ok: true, ...(await s.staff.outcomes.answer(caller(a), x.chat, x.rating, x.comment ?? '', x.resolved)) }),
  }),
  transcripts: command({
    method: 'GET',
    summary: 'Staff: support chats, newest first, by text (question and messages), tag, helper and time queued.',
    args: Type.Object({
      q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      tag: Type.Optional(Tag),
      helper: Type.Optional(UserId),
      from: Type.Optional(Type.Integer({ minimum: 0 })),
      to: Type.Optional(Type.Integer({ minimum: 0 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    }),
    run: async (s, a, x) => ({ chats: await s.staff.transcripts.list(caller(a), x) }),
  }),
  transcript: command({
    method: 'GET',
    summary: 'Staff: one chat with metadata, tags, participants, monitor actions, notes, survey and every event (JSON).',
    args: Chat,
    run: async (s, a, x) => ({ transcript: await s.staff.transcripts.get(caller(a), x.chat) }),
  }),
  webhook_deliveries: command({
    method: 'GET',
    summary: 'Monitor: the webhook delivery log, newest first.',
    args: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }),
    run: async (s, a, x) => {
      requireMonitor(caller(a));
      return { deliveries: await s.store.staff.listDeliveries(x.limit ?? 100) };
    },
  }),
};
