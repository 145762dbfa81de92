// Support chat lifecycle, seen from storage: every durable change of a support_chats row goes through
// Store.createSupportChat/updateSupportChat, so observing those two calls tells the staff features when a chat
// is queued, offered, accepted, transferred or ended, without a hook inside the support service.
import type { WebhookEvent } from '../../domain/staff/webhooks.js';
import type { Store, SupportChat, SupportChatChanges } from '../../storage/store.js';

export type ChatLifecycleEvent = Extract<WebhookEvent, `chat.${string}`>;
export type LifecycleListener = (event: ChatLifecycleEvent, chat: SupportChat) => void;

/** Which lifecycle event an update of `before` by `changes` is, if any. */
export function lifecycleEvent(before: SupportChat, changes: SupportChatChanges): ChatLifecycleEvent | null {
  const state = changes.state ?? before.state;
  if (state === before.state) {
    // A transfer to a named helper moves an active chat to them in place.
    return state === 'active' && changes.helperId !== undefined && changes.helperId !== before.helperId ? 'chat.transferred' : null;
  }
  switch (state) {
    case 'offered':
      return 'chat.offered';
    case 'active':
      return 'chat.accepted';
    case 'ended':
      return 'chat.ended';
    case 'queued':
      // Back in line from a chat: the helper sent it back to the queue.
      return before.state === 'active' ? 'chat.transferred' : null;
  }
}

/** The store, with support chat writes reported to `listener` once they are stored. */
export function observeSupportChats(store: Store, listener: () => LifecycleListener | null): Store {
  const observed: Store = Object.create(store) as Store;
  observed.createSupportChat = async (chat) => {
    await store.createSupportChat(chat);
    listener()?.('chat.queued', { ...chat });
  };
  observed.updateSupportChat = async (id, changes) => {
    const before = await store.getSupportChat(id);
    await store.updateSupportChat(id, changes);
    const event = before && lifecycleEvent(before, changes);
    if (before && event) listener()?.(event, { ...before, ...changes });
  };
  return observed;
}
