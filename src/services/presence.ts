// Who is online, away or busy, and who is typing where. Ephemeral: kept in memory, never stored.
// A status change reaches everyone who shares a room with the user, through their user channels.
import type { Bus } from '../bus/bus.js';
import { isStaff } from '../domain/staff/roles.js';
import type { UserRef, UserStatus } from '../domain/types.js';
import type { Store } from '../storage/store.js';

interface Presence {
  connections: number;
  /** The status the user chose; shown while connected. */
  chosen: UserStatus;
}

export class PresenceService {
  private readonly users = new Map<string, Presence>();
  private readonly typing = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly typingTimeoutMs: number,
    private readonly now: () => number,
  ) {}

  statusOf(userId: string): UserStatus {
    const p = this.users.get(userId);
    return p && p.connections > 0 ? p.chosen : 'offline';
  }

  async connected(user: UserRef): Promise<void> {
    const p = this.users.get(user.id) ?? { connections: 0, chosen: 'online' as UserStatus };
    this.users.set(user.id, p);
    p.connections += 1;
    if (p.connections === 1) await this.announce(user, p.chosen);
  }

  async disconnected(user: UserRef): Promise<void> {
    const p = this.users.get(user.id);
    if (!p) return;
    p.connections -= 1;
    if (p.connections > 0) return;
    this.users.delete(user.id);
    await this.announce(user, 'offline');
  }

  async setStatus(user: UserRef, status: UserStatus): Promise<void> {
    const p = this.users.get(user.id);
    if (p) p.chosen = status;
    await this.announce(user, p && p.connections > 0 ? status : 'offline');
  }

  /** Typing notices expire by themselves: without a refresh within the timeout, a `stopped` follows. */
  typingIn(user: UserRef, room: string, state: 'active' | 'stopped'): void {
    const key = `${room} ${user.id}`;
    const timer = this.typing.get(key);
    if (timer) clearTimeout(timer);
    this.typing.delete(key);
    if (state === 'active') {
      const expire = setTimeout(() => this.typingIn(user, room, 'stopped'), this.typingTimeoutMs);
      expire.unref();
      this.typing.set(key, expire);
    } else if (!timer) {
      return; // nothing was announced, so there is nothing to stop
    }
    this.bus.publish(`room:${room}`, { type: 'typing', room, time: this.now(), payload: { user, state } });
  }

  /** A sent message ends its author's typing notice. */
  messageSent(user: UserRef, room: string): void {
    if (this.typing.has(`${room} ${user.id}`)) this.typingIn(user, room, 'stopped');
  }

  /** Resolves when every status announcement under way has been published (for shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private announce(user: UserRef, status: UserStatus): Promise<void> {
    const work = this.publishStatus(user, status).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
    return work;
  }

  private async publishStatus(user: UserRef, status: UserStatus): Promise<void> {
    const rooms = (await this.store.listMemberships(user.id)).filter((m) => m.leftSeq === null);
    const audience = new Set<string>([user.id]);
    for (const room of rooms) {
      // A silent watcher is invisible to the guest: only staff of that room hear the watcher's status.
      const staffOnly = room.role === 'watcher';
      for (const m of await this.store.listMembers(room.room)) {
        if (staffOnly && !audience.has(m.user) && !isStaff((await this.store.getUser(m.user))?.roles ?? [])) continue;
        audience.add(m.user);
      }
    }
    const event = { type: 'status' as const, time: this.now(), payload: { user, status } };
    for (const id of audience) this.bus.publish(`user:${id}`, event);
  }
}
