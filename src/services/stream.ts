// One client's event stream, shared by the three transports (long-poll, SSE, WebSocket).
//
// The delivery contract lives here: a stream follows each room the user belongs to, subscribing to the bus
// first and then reading what it missed from storage, so every durable event arrives exactly once and in seq
// order. Live events are deduplicated by seq; a gap in seq (another node, a lost publish) triggers a read from
// storage. When recovery is impossible the client gets an explicit `resync`, never a silent gap.
import type { Bus, BusMessage } from '../bus/bus.js';
import { formatCursor, type Cursor } from '../domain/cursor.js';
import { endsMembership, isDurable, toEvent, visibleTo, type ChatEvent, type DurableEvent, type ResyncReason } from '../domain/events.js';
import { isStaff } from '../domain/staff/roles.js';
import { SUPPORT_EVENT_TYPES } from '../domain/support-events.js';
import type { UserRef } from '../domain/types.js';
import type { Store } from '../storage/store.js';

export interface StreamOptions {
  /** A client further behind than this many events in one room is told to resync instead. */
  recoveryLimit: number;
  /** Rows read from storage per query while catching up. */
  pageSize: number;
  /** Events waiting for the transport beyond this: the client is too slow and must resume from its cursor. */
  maxPending: number;
}

interface Follow {
  /** Highest seq applied: delivered, or skipped because it was not visible to this user. */
  last: number;
  /** Rejoined (at this seq + 1) before this follow saw its own leave: follow again from here once it does. */
  rejoinFrom: number | null;
  /** The membership ended at this seq: deliver up to it, then stop following. */
  until: number | null;
  /** A read from storage is running; live events wait in `held` until it ends. */
  syncing: boolean;
  held: DurableEvent[];
  unsubscribe: () => void;
}

export class EventStream {
  private readonly follows = new Map<string, Follow>();
  private pending: ChatEvent[] = [];
  private unsubscribeUser: (() => void) | null = null;
  private closed = false;
  /** Staff also receive staff-only events; read from the user's global roles when the stream starts. */
  private staff = false;
  /** The cursor moved in a way events alone do not tell the client (a room followed from now, a resync, a room left). */
  private baselineMoved = false;
  /** The chat session this stream serves, set by the transport: a `signed_out` for it ends the stream. */
  session: string | null = null;
  /** Called when events become pending; the transport takes them with take(). */
  onReady: () => void = () => {};
  /** Called when storage failed during recovery: the transport closes and the client reconnects. */
  onFailure: (error: unknown) => void = () => {};
  /** Called once when more than maxPending events wait: the transport drops the client, who resumes from its cursor. */
  onOverflow: () => void = () => {};

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    readonly user: UserRef,
    private readonly options: StreamOptions,
    private readonly now: () => number,
  ) {}

  /** Start from `cursor`, or from now when it is null. Resolves once missed events are pending. */
  async start(cursor: Cursor | null): Promise<void> {
    this.unsubscribeUser = this.bus.subscribe(`user:${this.user.id}`, (m) => this.onUserMessage(m));
    this.staff = isStaff((await this.store.getUser(this.user.id))?.roles ?? []);
    const sameEpoch = cursor !== null && cursor.epoch === this.store.epoch;
    if (cursor && !sameEpoch) this.push({ type: 'resync', time: this.now(), payload: { reason: 'epoch_changed' } });
    const resume = sameEpoch ? cursor : null;
    const memberships = await this.store.listMemberships(this.user.id);
    await Promise.all(
      memberships.map((m) => {
        const seen = resume?.rooms.get(m.room);
        if (m.leftSeq !== null) {
          // Finish a room left while away, but only for a client that was following it.
          return seen !== undefined && seen < m.leftSeq ? this.follow(m.room, seen, m.leftSeq) : undefined;
        }
        if (!resume) return this.follow(m.room, null, null);
        if (seen !== undefined && seen < m.joinedSeq - 1) {
          // Left and joined again while away: the end of the old membership is history now, not stream.
          this.push({ type: 'resync', room: m.room, time: this.now(), payload: { reason: 'membership_changed', seq: m.joinedSeq - 1 } });
        }
        return this.follow(m.room, Math.max(seen ?? 0, m.joinedSeq - 1), null);
      }),
    );
  }

  /** Hands the pending events to the transport. */
  take(): ChatEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** True once per baseline move: transports that let clients track seqs themselves then send a cursor. */
  takeBaselineMoved(): boolean {
    const moved = this.baselineMoved;
    this.baselineMoved = false;
    return moved;
  }

  /** The position after everything taken so far. */
  cursor(): string {
    const rooms = new Map<string, number>();
    for (const [room, f] of this.follows) rooms.set(room, f.last);
    return formatCursor({ epoch: this.store.epoch, rooms });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribeUser?.();
    for (const f of this.follows.values()) f.unsubscribe();
    this.follows.clear();
    this.pending = [];
  }

  private push(event: ChatEvent): void {
    if (this.closed) return;
    this.pending.push(event);
    if (this.pending.length === 1) this.onReady();
    else if (this.pending.length === this.options.maxPending + 1) this.onOverflow();
  }

  private onUserMessage(message: BusMessage): void {
    if (message.type === '_joined') {
      const current = this.follows.get(message.room);
      if (current) current.rejoinFrom = message.seq - 1;
      else void this.follow(message.room, message.seq - 1, null);
    } else if (message.type === 'status' || message.type === 'invited' || SUPPORT_EVENT_TYPES.has(message.type)) {
      this.push(message);
    } else if (message.type === 'roles_changed') {
      this.staff = isStaff(message.payload.roles);
      this.push(message);
    } else if (message.type === 'signed_out' && message.session === this.session) {
      // Only the streams of the session that ended: the user's other browsers stay signed in.
      this.push({ type: 'signed_out', time: message.time, payload: message.payload });
    }
  }

  private async follow(room: string, from: number | null, until: number | null): Promise<void> {
    if (this.closed || this.follows.has(room)) return;
    const f: Follow = { last: from ?? 0, rejoinFrom: null, until, syncing: true, held: [], unsubscribe: () => {} };
    this.follows.set(room, f);
    f.unsubscribe = this.bus.subscribe(`room:${room}`, (m) => this.onRoomMessage(room, f, m));
    await this.catchUp(room, f, from === null);
  }

  private unfollow(room: string, f: Follow): void {
    f.unsubscribe();
    this.baselineMoved = true;
    if (this.follows.get(room) === f) this.follows.delete(room);
  }

  private onRoomMessage(room: string, f: Follow, message: BusMessage): void {
    if (message.type === 'typing') {
      if (!f.syncing && message.payload.user.id !== this.user.id) this.push(message);
      return;
    }
    if (message.type === '_joined' || !isDurable(message)) return;
    if (f.syncing) f.held.push(message);
    else this.onDurable(room, f, message);
  }

  private onDurable(room: string, f: Follow, event: DurableEvent): void {
    if (event.seq <= f.last) return;
    if (event.seq > f.last + 1) {
      // A gap: something between was published elsewhere or lost. Storage has it.
      f.syncing = true;
      f.held.push(event);
      void this.catchUp(room, f, false);
      return;
    }
    this.apply(room, f, event);
  }

  private apply(room: string, f: Follow, event: DurableEvent): void {
    // A follow that ended (its leave was applied earlier in the same batch) delivers nothing more.
    if (this.follows.get(room) !== f) return;
    if (f.until !== null && event.seq > f.until) return;
    f.last = event.seq;
    if (visibleTo(event, { id: this.user.id, staff: this.staff })) this.push(event);
    if (endsMembership(event, this.user.id) || (f.until !== null && event.seq >= f.until)) {
      this.unfollow(room, f);
      if (f.rejoinFrom !== null && f.rejoinFrom >= event.seq) void this.follow(room, f.rejoinFrom, null);
    }
  }

  private resync(room: string, f: Follow, reason: ResyncReason, top: number): void {
    f.last = top;
    this.baselineMoved = true;
    this.push({ type: 'resync', room, time: this.now(), payload: { reason, seq: top } });
  }

  private async catchUp(room: string, f: Follow, fromNow: boolean): Promise<void> {
    try {
      const row = await this.store.getRoom(room);
      if (!row || this.follows.get(room) !== f) return this.unfollow(room, f);
      const top = f.until ?? row.lastSeq;
      if (fromNow) {
        f.last = top;
        this.baselineMoved = true;
      }
      else if (f.last > row.lastSeq) this.resync(room, f, 'cursor_ahead', row.lastSeq);
      else if (top - f.last > this.options.recoveryLimit) this.resync(room, f, 'cursor_too_old', top);
      else {
        for (;;) {
          const rows = await this.store.eventsAfter(room, f.last, this.options.pageSize, this.user.id, this.staff);
          if (this.follows.get(room) !== f) return;
          for (const r of rows) if (r.seq > f.last) this.apply(room, f, toEvent(r));
          if (rows.length < this.options.pageSize || this.follows.get(room) !== f) break;
        }
        // Rows up to `top` were committed before the read began: any not returned were invisible to us.
        if (this.follows.get(room) !== f) return;
        if (top > f.last) f.last = top;
        if (f.until !== null && f.last >= f.until) return this.unfollow(room, f);
      }
      f.syncing = false;
      const held = f.held;
      f.held = [];
      for (const event of held) {
        if (this.follows.get(room) !== f) break;
        if (f.syncing) f.held.push(event);
        else this.onDurable(room, f, event);
      }
    } catch (error) {
      this.onFailure(error);
    }
  }
}
