// The rooms one signed-in user sees, kept from the event stream and commands: timelines merged by (room, seq) so
// nothing shows twice, local echo of sent messages by clientId, unread counts, members, typing and invitations.
import type { Connection, ConnectionState } from './connection.js';
import { actor, endsMembership, roleOf, target, text } from './events.js';
import { ApiError } from './http.js';
import { Observable } from './observable.js';
import { isDurable, type ChatEvent, type DurableEvent, type Me, type Member, type Presence, type Room, type RoomRole, type UserRef } from './types.js';

export interface PendingMessage {
  clientId: string;
  body: string;
  to?: UserRef;
  time: number;
  /** The error code when the server refused it (it will not be retried). */
  failed?: string;
}

export interface RoomState {
  room: Room;
  events: DurableEvent[];
  seqs: Set<number>;
  loaded: boolean;
  hasOlder: boolean;
  unread: number;
  members: Member[] | null;
  typing: Map<string, { name: string; until: number }>;
  pending: PendingMessage[];
  /** Set when our membership ended (part, kick, ban): the room stays readable until closed. */
  ended?: DurableEvent;
  /** The member the composer writes to privately ('' for everyone). */
  privateTo: string;
}

export interface Invitation {
  room: string;
  name: string;
  kind: string;
  by: UserRef;
}

const HISTORY_PAGE = 50;
const TYPING_TTL_MS = 6_000;

export class ChatStore extends Observable {
  readonly rooms = new Map<string, RoomState>();
  invitations: Invitation[] = [];
  active: string | null = null;
  /** Called for each new message from someone else (notifications, sounds). */
  onIncoming: (room: RoomState, event: DurableEvent) => void = () => {};
  private refreshing: Promise<void> | null = null;
  private typingTimer = 0;

  constructor(
    readonly conn: Connection,
    readonly me: Me,
  ) {
    super();
    conn.onEvent((event) => this.handle(event));
    let previous: ConnectionState = conn.state;
    conn.onState((state) => {
      if (state === 'online' && previous !== 'online' && this.active) void this.loadMembers(this.active);
      previous = state;
      this.changed();
    });
  }

  /** Opens the stream first, then reads the rooms, so nothing falls between the two (history merges by seq). */
  async start(): Promise<void> {
    this.conn.start();
    await this.refreshRooms();
  }

  list(): RoomState[] {
    return [...this.rooms.values()].sort((a, b) => a.room.createdAt - b.room.createdAt);
  }

  refreshRooms(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const { rooms } = (await this.conn.get('rooms')) as { rooms: Room[] };
        for (const room of rooms) {
          const state = this.rooms.get(room.id);
          if (state) state.room = { ...room, topic: state.loaded ? state.room.topic : room.topic };
          else this.rooms.set(room.id, blank(room));
        }
        this.changed();
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  async select(roomId: string | null): Promise<void> {
    this.active = roomId;
    const state = roomId ? this.rooms.get(roomId) : undefined;
    if (state) state.unread = 0;
    this.changed();
    if (!state || !roomId) return;
    if (!state.loaded) await this.loadOlder(roomId);
    if (!state.members && !state.ended) await this.loadMembers(roomId);
  }

  /** Fetches the page of history before the oldest event held (or the newest page). */
  async loadOlder(roomId: string): Promise<void> {
    const state = this.rooms.get(roomId);
    if (!state) return;
    const oldest = state.loaded ? state.events[0]?.seq : undefined;
    if (oldest === 1) return void (state.hasOlder = false);
    const { events } = (await this.conn.get('history', { room: roomId, before: oldest, limit: HISTORY_PAGE })) as { events: DurableEvent[] };
    state.loaded = true;
    state.hasOlder = events.length === HISTORY_PAGE && events[0]?.seq !== 1;
    this.merge(state, events);
    this.changed();
  }

  async loadMembers(roomId: string): Promise<void> {
    const state = this.rooms.get(roomId);
    if (!state) return;
    try {
      state.members = ((await this.conn.get('members', { room: roomId })) as { members: Member[] }).members;
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'not_found') throw error;
    }
    this.changed();
  }

  /** Sends with a fresh clientId, shown at once as "sending"; retried with the same clientId until answered. */
  async send(roomId: string, body: string, to?: UserRef): Promise<void> {
    const state = this.rooms.get(roomId);
    if (!state) return;
    const pending: PendingMessage = { clientId: `w-${crypto.randomUUID()}`, body, to, time: Date.now() };
    state.pending.push(pending);
    this.changed();
    await this.deliver(state, pending);
  }

  async retry(roomId: string, clientId: string): Promise<void> {
    const state = this.rooms.get(roomId);
    const pending = state?.pending.find((p) => p.clientId === clientId);
    if (!state || !pending) return;
    pending.failed = undefined;
    this.changed();
    await this.deliver(state, pending);
  }

  discard(roomId: string, clientId: string): void {
    const state = this.rooms.get(roomId);
    if (!state) return;
    state.pending = state.pending.filter((p) => p.clientId !== clientId);
    this.changed();
  }

  private async deliver(state: RoomState, pending: PendingMessage): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.conn.post('message', { room: state.room.id, body: pending.body, clientId: pending.clientId, to: pending.to?.id });
        return;
      } catch (error) {
        if (!(error instanceof ApiError) || !error.retryable) {
          pending.failed = error instanceof ApiError ? error.code : 'internal';
          this.changed();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 300 * 2 ** attempt)));
      }
    }
  }

  async create(kind: 'conference' | 'direct', name: string, members: string[] = []): Promise<string> {
    const { room } = (await this.conn.post('create_room', { kind, name, members })) as { room: Room };
    this.rooms.set(room.id, this.rooms.get(room.id) ?? blank({ ...room, role: 'owner' }));
    await this.refreshRooms();
    return room.id;
  }

  async join(roomId: string): Promise<void> {
    const { room, history } = (await this.conn.post('join', { room: roomId })) as { room: Room; history: DurableEvent[] };
    const state = this.rooms.get(roomId);
    if (state && !state.ended) state.room = { ...state.room, ...room };
    else this.rooms.set(roomId, blank({ ...room, role: 'member' }));
    const fresh = this.rooms.get(roomId)!;
    fresh.loaded = true;
    fresh.hasOlder = history.length > 0 && history[0].seq > 1;
    this.merge(fresh, history);
    this.invitations = this.invitations.filter((i) => i.room !== roomId);
    await this.refreshRooms();
  }

  /** Leaves (when still a member) and forgets the room. */
  async close(roomId: string): Promise<void> {
    const state = this.rooms.get(roomId);
    if (state && !state.ended) await this.conn.post('part', { room: roomId });
    this.rooms.delete(roomId);
    if (this.active === roomId) this.active = null;
    this.changed();
  }

  setPrivateTo(roomId: string, userId: string): void {
    const state = this.rooms.get(roomId);
    if (state) state.privateTo = userId;
    this.changed();
  }

  /** Our role in a room: from its members when loaded, else from `rooms`. */
  roleIn(state: RoomState): RoomRole | undefined {
    return state.members?.find((m) => m.id === this.me.id)?.role ?? state.room.role;
  }

  dismissInvitation(roomId: string): void {
    this.invitations = this.invitations.filter((i) => i.room !== roomId);
    this.changed();
  }

  private handle(event: ChatEvent): void {
    if (event.type === 'resync') return void this.resync(event);
    if (event.type === 'status') return this.status(event);
    if (event.type === 'invited' && event.room) {
      const by = actor(event);
      if (by && !this.invitations.some((i) => i.room === event.room)) {
        this.invitations.push({ room: event.room, name: text(event, 'name'), kind: text(event, 'kind'), by });
      }
      return this.changed();
    }
    if (event.type === 'typing' && event.room) return this.typing(event);
    if (!isDurable(event)) return;
    let state = this.rooms.get(event.room);
    if (!state) {
      // A room we just joined or were added to: placeholder now, name and kind from `rooms`.
      state = blank({ id: event.room, kind: 'conference', name: '…', topic: '', inviteOnly: false, createdBy: '', createdAt: Date.now(), lastSeq: 0 });
      this.rooms.set(event.room, state);
      void this.refreshRooms();
    }
    if (endsMembership(event, this.me.id)) {
      state.ended = event;
      state.pending = [];
    } else if (event.type === 'join' && actor(event)?.id === this.me.id) {
      state.ended = undefined;
    }
    const fresh = this.merge(state, [event]);
    if (fresh.length === 0) return;
    this.applyLive(state, event);
    this.changed();
  }

  /** Inserts events not held yet, keeping seq order; returns the new ones. */
  private merge(state: RoomState, events: DurableEvent[]): DurableEvent[] {
    const fresh = events.filter((e) => !state.seqs.has(e.seq));
    if (fresh.length === 0) return fresh;
    for (const e of fresh) {
      state.seqs.add(e.seq);
      if (e.type === 'topic') state.room = { ...state.room, topic: text(e, 'topic') };
      if (e.type === 'message' && actor(e)?.id === this.me.id) {
        const clientId = text(e, 'clientId');
        state.pending = state.pending.filter((p) => p.clientId !== clientId);
      }
    }
    const last = state.events[state.events.length - 1];
    state.events.push(...fresh);
    if (last && fresh.some((e) => e.seq < last.seq)) state.events.sort((a, b) => a.seq - b.seq);
    else if (fresh.length > 1) state.events.sort((a, b) => a.seq - b.seq);
    return fresh;
  }

  /** Members, typing and unread bookkeeping for an event that just arrived on the stream. */
  private applyLive(state: RoomState, event: DurableEvent): void {
    const who = actor(event);
    const whom = target(event);
    if (event.type === 'message' && who) {
      state.typing.delete(who.id);
      if (who.id !== this.me.id) {
        if (state.room.id !== this.active || document.hidden) state.unread++;
        this.onIncoming(state, event);
      }
    }
    if (!state.members) return;
    if (event.type === 'join' && who) {
      state.members = [...state.members.filter((m) => m.id !== who.id), { ...who, role: roleOf(event), status: 'online' }];
    } else if (event.type === 'part' && who) {
      state.members = state.members.filter((m) => m.id !== who.id);
    } else if ((event.type === 'kick' || event.type === 'ban') && whom) {
      state.members = state.members.filter((m) => m.id !== whom.id);
    } else if (event.type === 'role' && whom) {
      if (whom.id === this.me.id) state.room = { ...state.room, role: roleOf(event) };
      state.members = state.members.map((m) => (m.id === whom.id ? { ...m, role: roleOf(event) } : m));
    }
  }

  private status(event: ChatEvent): void {
    const who = actor(event);
    if (!who) return;
    const status = text(event, 'status') as Presence;
    for (const state of this.rooms.values()) {
      if (state.members) state.members = state.members.map((m) => (m.id === who.id ? { ...m, status } : m));
    }
    this.changed();
  }

  private typing(event: ChatEvent): void {
    const state = this.rooms.get(event.room!);
    const who = actor(event);
    if (!state || !who || who.id === this.me.id) return;
    if (text(event, 'state') === 'active') state.typing.set(who.id, { name: who.name, until: Date.now() + TYPING_TTL_MS });
    else state.typing.delete(who.id);
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.expireTyping(), 1_000);
    this.changed();
  }

  private expireTyping(): void {
    const now = Date.now();
    let any = false;
    for (const state of this.rooms.values()) {
      for (const [id, t] of state.typing) if (t.until <= now) state.typing.delete(id);
      any ||= state.typing.size > 0;
    }
    if (any) this.typingTimer = window.setTimeout(() => this.expireTyping(), 1_000);
    this.changed();
  }

  /** Recovery was impossible (docs/protocol.md "resync"): drop what may have a gap and read it again. */
  private async resync(event: ChatEvent): Promise<void> {
    const rooms = event.room ? [event.room] : [...this.rooms.keys()];
    if (!event.room) {
      for (const id of rooms) this.rooms.delete(id);
      await this.refreshRooms();
    }
    for (const id of event.room ? rooms : [...this.rooms.keys()]) {
      const state = this.rooms.get(id);
      if (!state) continue;
      const before = typeof event.payload.seq === 'number' ? event.payload.seq + 1 : undefined;
      state.events = [];
      state.seqs.clear();
      if (text(event, 'reason') === 'membership_changed') state.ended = undefined;
      state.loaded = false;
      const { events } = (await this.conn.get('history', { room: id, before, limit: HISTORY_PAGE })) as { events: DurableEvent[] };
      state.loaded = true;
      state.hasOlder = events.length === HISTORY_PAGE;
      this.merge(state, events);
    }
    this.changed();
  }
}

function blank(room: Room): RoomState {
  return { room, events: [], seqs: new Set(), loaded: false, hasOlder: true, unread: 0, members: null, typing: new Map(), pending: [], privateTo: '' };
}
