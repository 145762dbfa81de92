// Chat sessions: Parakeet's own sign-in, held in a signed HttpOnly cookie naming a stored session.
// A small in-memory cache keeps the store off the hot path of every request.
import type { ChatSession, User } from '../domain/types.js';
import type { Store } from '../storage/store.js';

export class Sessions {
  private readonly cache = new Map<string, { session: ChatSession; user: User; cachedAt: number }>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly newId: () => string,
    private readonly cacheMs = 30_000,
  ) {}

  async create(user: User): Promise<ChatSession> {
    const now = this.now();
    const session = { id: this.newId(), userId: user.id, createdAt: now, expiresAt: now + this.ttlMs };
    await this.store.createSession(session);
    return session;
  }

  /** The signed-in user of a session id, or null when unknown or expired. */
  async resolve(id: string): Promise<{ session: ChatSession; user: User } | null> {
    const now = this.now();
    const hit = this.cache.get(id);
    if (hit && now - hit.cachedAt < this.cacheMs && hit.session.expiresAt > now) return hit;
    this.cache.delete(id);
    const session = await this.store.getSession(id);
    if (!session || session.expiresAt <= now) return null;
    const user = await this.store.getUser(session.userId);
    if (!user) return null;
    if (this.cache.size > 10_000) this.cache.clear();
    const entry = { session, user, cachedAt: now };
    this.cache.set(id, entry);
    return entry;
  }

  async destroy(id: string): Promise<void> {
    this.cache.delete(id);
    await this.store.deleteSession(id);
  }
}
