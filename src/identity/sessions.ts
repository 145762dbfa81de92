// Chat sessions: Parakeet's own sign-in, held in a signed HttpOnly cookie naming a stored session.
// A small in-memory cache keeps the store off the hot path of every request.
import type { User } from '../domain/types.js';
import type { Store, StoredSession } from '../storage/store.js';

export interface SignedIn {
  session: StoredSession;
  user: User;
}

export class Sessions {
  private readonly cache = new Map<string, SignedIn & { cachedAt: number }>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly newId: () => string,
    private readonly cacheMs = 30_000,
  ) {}

  /** `djangoKey`: the Django session cookie value this sign-in came from, kept so it can be re-checked. */
  async create(user: User, djangoKey?: string): Promise<StoredSession> {
    const now = this.now();
    const session: StoredSession = { id: this.newId(), userId: user.id, createdAt: now, expiresAt: now + this.ttlMs };
    if (djangoKey !== undefined) session.djangoKey = djangoKey;
    await this.store.createSession(session);
    return session;
  }

  /** The signed-in user of a session id, or null when unknown or expired. */
  async resolve(id: string): Promise<SignedIn | null> {
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

  /** Drops cached copies of a user whose roles or name changed, so the next request reads them again. */
  forgetUser(userId: string): void {
    for (const [id, entry] of this.cache) if (entry.user.id === userId) this.cache.delete(id);
  }
}
