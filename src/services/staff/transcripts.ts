// Transcripts for staff: list and search support chats, and export one with everything known about it.
import { toEvent, type DurableEvent } from '../../domain/events.js';
import { participantsOf, type Transcript } from '../../domain/staff/transcript.js';
import type { Store, SupportChat } from '../../storage/store.js';
import { requireStaff, staffChat, type Caller } from './access.js';

export interface TranscriptQuery {
  /** Text in the question or in a message of the chat. */
  q?: string;
  tag?: string;
  helper?: string;
  /** Queued at or after / before, ms since the epoch. */
  from?: number;
  to?: number;
  limit?: number;
}

const SCAN = 1000;

export class Transcripts {
  constructor(private readonly store: Store) {}

  /** Newest first. */
  async list(caller: Caller, query: TranscriptQuery): Promise<Array<SupportChat & { tags: string[] }>> {
    requireStaff(caller);
    let chats = await this.store.listSupportChats({ ...(query.helper ? { helperId: query.helper } : {}), limit: SCAN });
    chats = chats.filter((c) => (query.from === undefined || c.queuedAt >= query.from) && (query.to === undefined || c.queuedAt < query.to));
    if (query.tag) {
      const tagged = new Set(await this.store.staff.chatsWithTag(query.tag));
      chats = chats.filter((c) => tagged.has(c.id));
    }
    if (query.q) {
      const text = query.q.toLowerCase();
      const rooms = chats.flatMap((c) => (c.roomId ? [c.roomId] : []));
      const mentioned = new Set(await this.store.staff.roomsMentioning(rooms, query.q));
      chats = chats.filter((c) => c.question.toLowerCase().includes(text) || (c.roomId !== null && mentioned.has(c.roomId)));
    }
    chats = chats.slice(0, query.limit ?? 100);
    return Promise.all(chats.map(async (c) => ({ ...c, tags: (await this.store.staff.listTags(c.id)).map((t) => t.tag) })));
  }

  async get(caller: Caller, chatId: string): Promise<Transcript> {
    const chat = await staffChat(this.store, caller, chatId);
    const [events, tags, outcome, actions, guest, helper] = await Promise.all([
      chat.roomId ? this.roomLog(chat.roomId) : Promise.resolve([]),
      this.store.staff.listTags(chat.id),
      this.store.staff.getOutcome(chat.id),
      this.store.staff.listMonitorActions(chat.id),
      this.userRef(chat.guestId),
      chat.helperId ? this.userRef(chat.helperId) : Promise.resolve(null),
    ]);
    return {
      chat: {
        id: chat.id,
        room: chat.roomId,
        state: chat.state,
        question: chat.question,
        metadata: chat.metadata,
        queuedAt: chat.queuedAt,
        assignedAt: chat.assignedAt,
        endedAt: chat.endedAt,
        endedBy: chat.endedBy,
        endReason: chat.endReason,
      },
      guest,
      helper,
      participants: participantsOf(events),
      tags,
      followUp: outcome?.followUp ?? false,
      survey: outcome?.survey ?? null,
      monitorActions: actions.map(({ monitor, action, detail, time }) => ({ monitor, action, detail, time })),
      events,
    };
  }

  /** The whole log as staff see it. */
  private async roomLog(room: string): Promise<DurableEvent[]> {
    const events: DurableEvent[] = [];
    for (;;) {
      const rows = await this.store.eventsAfter(room, events.at(-1)?.seq ?? 0, 500, '', true);
      events.push(...rows.map(toEvent));
      if (rows.length < 500) return events;
    }
  }

  private async userRef(id: string) {
    const user = await this.store.getUser(id);
    return { id, name: user?.displayName ?? id };
  }
}
