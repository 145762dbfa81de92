// Moving a chat in progress to another person: an accepted transfer, a monitor's take-over or hand-back.
// The seat moves with it, so the one who gave the chat away is freed for the next guest at once.
import { SupportQueue } from '../../domain/queue/index.js';
import type { UserRef } from '../../domain/types.js';
import { AppError } from '../errors.js';
import { queueChatOf } from './in-chat.js';
import type { SupportService } from './service.js';

export function moveChat(s: SupportService, chatId: string, to: UserRef, approved: boolean): void {
  const chat = s.open.get(chatId);
  const queueChatId = queueChatOf(s, chatId);
  if (!chat || chat.state !== 'active' || !queueChatId) throw new AppError('no_such_chat', 'The chat is not in progress.');
  s.names.set(to.id, to.name);
  // A monitor who was never on duty holds the chat as an unregistered helper would: registered now, offline.
  if (!s.helper(to.id)) s.step((q, t) => q.registerHelper({ id: to.id, approved, skills: { locales: [], products: [], tags: [] } }, t));
  const now = s.now;
  // The queue has no "move a chat" command; its state is plain data, so the move is made on a snapshot.
  const state = s.queue.snapshot();
  const from = state.helpers[state.chats[queueChatId].helperId];
  if (from) {
    from.chats = from.chats.filter((c) => c !== queueChatId);
    from.idleSince = Math.max(from.idleSince, now);
  }
  state.helpers[to.id].chats.push(queueChatId);
  state.chats[queueChatId].helperId = to.id;
  s.queue = SupportQueue.restore(state, s.queue.config);
  s.update(chat.id, { helperId: to.id });
  // The freed seat: dispatch.
  s.step((q, at) => q.tick(at));
}
