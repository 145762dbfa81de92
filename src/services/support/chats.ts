// The read side of support chats, for other features (staff tools, transcripts, surveys): by id, by room, by filter.
import type { Store, SupportChat, SupportChatFilter } from '../../storage/store.js';

export class SupportChats {
  constructor(private readonly store: Store) {}

  getChat(id: string): Promise<SupportChat | undefined> {
    return this.store.getSupportChat(id);
  }

  /** The chat a support room serves. */
  chatForRoom(roomId: string): Promise<SupportChat | undefined> {
    return this.store.supportChatForRoom(roomId);
  }

  /** Newest first; filter by states, guest or helper. */
  listChats(filter: SupportChatFilter = {}): Promise<SupportChat[]> {
    return this.store.listSupportChats(filter);
  }
}
