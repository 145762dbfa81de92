// Who may use the staff features, and the support chat a command names.
import { isMonitor, isStaff } from '../../domain/staff/roles.js';
import type { GlobalRole, UserRef } from '../../domain/types.js';
import type { Store, SupportChat } from '../../storage/store.js';
import { AppError } from '../errors.js';

export interface Caller {
  ref: UserRef;
  roles: readonly GlobalRole[];
}

export function requireStaff(caller: Caller): void {
  if (!isStaff(caller.roles)) throw new AppError('forbidden', 'Only staff may do that.');
}

export function requireMonitor(caller: Caller): void {
  if (!isMonitor(caller.roles)) throw new AppError('forbidden', 'Only monitors may do that.');
}

/** A chat by id; staff only. Missing chats answer not_found like rooms do. */
export async function staffChat(store: Store, caller: Caller, chatId: string): Promise<SupportChat> {
  requireStaff(caller);
  const chat = await store.getSupportChat(chatId);
  if (!chat) throw new AppError('not_found', 'No such chat.');
  return chat;
}

/** A chat that has a room (a helper took it), for the in-room staff tools. */
export async function staffChatRoom(store: Store, caller: Caller, chatId: string): Promise<SupportChat & { roomId: string }> {
  const chat = await staffChat(store, caller, chatId);
  if (!chat.roomId) throw new AppError('bad_request', 'This chat has no room yet: no helper has taken it.');
  return chat as SupportChat & { roomId: string };
}
