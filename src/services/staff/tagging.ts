// Chat tags: added and removed by staff, and added automatically by the configured rules when a chat is queued
// and on each guest message (the tagger follows the room of every active chat on the bus).
import { chatTagInput, matchTags, type TagRule } from '../../domain/staff/tag-rules.js';
import type { Bus } from '../../bus/bus.js';
import type { ChatTag } from '../../storage/staff.js';
import type { Store, SupportChat } from '../../storage/store.js';
import { AppError } from '../errors.js';
import { staffChat, type Caller } from './access.js';

export class Tagging {
  /** Room subscriptions of active chats, by chat id. */
  private readonly following = new Map<string, () => void>();

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly rules: readonly TagRule[],
    private readonly now: () => number,
    private readonly report: (error: unknown) => void,
  ) {}

  async add(caller: Caller, chatId: string, tag: string): Promise<ChatTag[]> {
    const chat = await staffChat(this.store, caller, chatId);
    await this.store.staff.addTags(chat.id, [{ tag, source: 'manual', by: caller.ref.id, time: this.now() }]);
    return this.store.staff.listTags(chat.id);
  }

  async remove(caller: Caller, chatId: string, tag: string): Promise<ChatTag[]> {
    const chat = await staffChat(this.store, caller, chatId);
    if (!(await this.store.staff.removeTag(chat.id, tag))) throw new AppError('not_found', 'The chat has no such tag.');
    return this.store.staff.listTags(chat.id);
  }

  /** Rules over the question and metadata (OS from the user agent included). */
  onQueued(chat: SupportChat): void {
    this.autoTag(chat.id, matchTags(this.rules, chatTagInput(chat.question, chat.metadata)));
  }

  /** Follows the chat's room while it is active, tagging from the guest's messages. */
  follow(chat: SupportChat): void {
    if (this.rules.length === 0 || !chat.roomId || this.following.has(chat.id)) return;
    const unsubscribe = this.bus.subscribe(`room:${chat.roomId}`, (event) => {
      if (event.type === 'message' && 'seq' in event && event.payload.author.id === chat.guestId && !event.payload.to) {
        this.autoTag(chat.id, matchTags(this.rules, { message: event.payload.body }));
      }
    });
    this.following.set(chat.id, unsubscribe);
  }

  unfollow(chatId: string): void {
    this.following.get(chatId)?.();
    this.following.delete(chatId);
  }

  /** After a restart: follow every chat still active. */
  async resume(): Promise<void> {
    if (this.rules.length === 0) return;
    for (const chat of await this.store.listSupportChats({ states: ['active'], limit: 10_000 })) this.follow(chat);
  }

  close(): void {
    for (const unsubscribe of this.following.values()) unsubscribe();
    this.following.clear();
  }

  private autoTag(chatId: string, tags: string[]): void {
    if (tags.length === 0) return;
    const time = this.now();
    this.store.staff.addTags(chatId, tags.map((tag) => ({ tag, source: 'auto' as const, by: null, time }))).catch(this.report);
  }
}
