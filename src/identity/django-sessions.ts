// Chat sessions made from Django sessions, and keeping them honest. A visitor whose Django cookie resolves to a
// user is signed in with a chat session that remembers the Django session it came from. That session is asked
// again (a) when it is used and the last check is older than recheckMs, (b) by a timer every recheckMs while it
// has an open stream or was used lately, and (c) on demand before privileged actions. When Django no longer
// accepts it (logout, expiry, password change, deactivation, deletion) the chat session ends and its streams get
// `signed_out`; when the user's groups changed, the roles are updated and every stream of the user gets
// `roles_changed`.
import type { Bus } from '../bus/bus.js';
import type { User } from '../domain/types.js';
import type { DjangoConfig } from './django/config.js';
import { parseCookieHeader } from './django/cookies.js';
import type { DjangoIdentity, DjangoPrincipal } from './django/identity.js';
import type { SignOutReasons } from './django-sign-out.js';
import type { DjangoUsers } from './django-users.js';
import type { Sessions, SignedIn } from './sessions.js';

/** What the watch needs of an event stream (src/services/stream.ts), without depending on the services layer. */
export interface WatchedStream {
  readonly isClosed: boolean;
}

interface Watch {
  signedIn: SignedIn;
  checkedAt: number;
  seenAt: number;
  streams: Set<WatchedStream>;
}

export interface DjangoSessionsDeps {
  config: DjangoConfig;
  identity: DjangoIdentity;
  reasons: SignOutReasons;
  sessions: Sessions;
  users: DjangoUsers;
  bus: Bus;
  now: () => number;
  recheckMs: number;
  warn: (error: unknown, what: string) => void;
}

export class DjangoSessions {
  private readonly watched = new Map<string, Watch>();
  /** Cookie values Django called anonymous: Django gives a new value at login, so they stay anonymous. */
  private readonly anonymous = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticking = false;

  constructor(private readonly deps: DjangoSessionsDeps) {}

  /** The Django session cookie of a Cookie header, if there is one. */
  cookieValue(cookieHeader: string | undefined): string | undefined {
    return cookieHeader ? parseCookieHeader(cookieHeader).get(this.deps.config.cookieName) : undefined;
  }

  /** A new chat session for the Django user of this Cookie header, or null when Django sees an anonymous visitor. */
  async signIn(cookieHeader: string | undefined): Promise<SignedIn | null> {
    const { identity, users, sessions, now } = this.deps;
    const value = this.cookieValue(cookieHeader);
    if (value === undefined || (this.anonymous.get(value) ?? -Infinity) > now()) return null;
    const principal = await identity.resolve(cookieHeader);
    if (!principal) {
      if (this.anonymous.size > 10_000) this.anonymous.clear();
      this.anonymous.set(value, now() + this.deps.recheckMs);
      return null;
    }
    const user = this.announce(principal, await users.upsert(principal));
    const signedIn = { session: await sessions.create(user, principal.sessionKey), user };
    this.watch(signedIn).checkedAt = now();
    return signedIn;
  }

  /** For each request: the sign-in unchanged, or re-checked when its last check is older than recheckMs. */
  async current(signedIn: SignedIn): Promise<SignedIn | null> {
    const watch = this.watch(signedIn);
    watch.seenAt = this.deps.now();
    return watch.seenAt - watch.checkedAt < this.deps.recheckMs ? signedIn : this.recheck(signedIn);
  }

  /** Asks Django now. Null when the chat session has ended. A Django database outage keeps the session. */
  async recheck(signedIn: SignedIn): Promise<SignedIn | null> {
    const { session, user } = signedIn;
    if (session.djangoKey === undefined) return signedIn;
    const { identity, config, users, now } = this.deps;
    const watch = this.watched.get(session.id);
    if (watch) watch.checkedAt = now();
    let principal: DjangoPrincipal | null;
    try {
      principal = await identity.resolve(`${config.cookieName}=${session.djangoKey}`);
    } catch (error) {
      this.deps.warn(error, 'Django session re-check failed; keeping the chat session until the next check');
      return signedIn;
    }
    if (!principal || principal.userId !== user.externalId) {
      await this.end(signedIn);
      return null;
    }
    const fresh = this.announce(principal, await users.update(user, principal));
    const next = { session, user: fresh };
    if (watch) watch.signedIn = next;
    return next;
  }

  /** Counts a stream of a Django-backed session as activity, so the timer keeps checking it while it is open. */
  attach(stream: WatchedStream, signedIn: SignedIn): void {
    if (signedIn.session.djangoKey !== undefined) this.watch(signedIn).streams.add(stream);
  }

  /** The chat session was ended by Parakeet itself (POST /api/logout): stop watching it. */
  forget(sessionId: string): void {
    this.watched.delete(sessionId);
  }

  /** One round of the timer: re-check every session with an open stream or used within two intervals. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.deps.now();
      for (const [id, watch] of [...this.watched]) {
        for (const stream of watch.streams) if (stream.isClosed) watch.streams.delete(stream);
        const idle = watch.streams.size === 0 && now - watch.seenAt > 2 * this.deps.recheckMs;
        if (idle || watch.signedIn.session.expiresAt <= now) this.watched.delete(id);
        // One at a time: a gentle, steady load on the site's database.
        else await this.recheck(watch.signedIn).catch((error: unknown) => this.deps.warn(error, 'Django session re-check failed'));
      }
    } finally {
      this.ticking = false;
    }
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.deps.recheckMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private watch(signedIn: SignedIn): Watch {
    let watch = this.watched.get(signedIn.session.id);
    if (!watch) {
      const now = this.deps.now();
      // First sight in this process: due for a check at once.
      watch = { signedIn, checkedAt: -Infinity, seenAt: now, streams: new Set() };
      this.watched.set(signedIn.session.id, watch);
    }
    return watch;
  }

  /** Tells the user's streams about new roles and drops cached copies of the user. */
  private announce(principal: DjangoPrincipal, result: { user: User; rolesChanged: boolean }): User {
    const { user, rolesChanged } = result;
    if (!rolesChanged) return user;
    this.deps.sessions.forgetUser(user.id);
    this.deps.bus.publish(`user:${user.id}`, { type: 'roles_changed', time: this.deps.now(), payload: { roles: principal.roles } });
    return user;
  }

  private async end(signedIn: SignedIn): Promise<void> {
    const { session, user } = signedIn;
    const { sessions, reasons, bus, now } = this.deps;
    if (!this.watched.has(session.id) && !(await sessions.resolve(session.id))) return; // ended already
    this.watched.delete(session.id);
    await sessions.destroy(session.id);
    const reason = await reasons.reasonFor(session.djangoKey!, user.externalId ?? '', now()).catch(() => 'logged_out' as const);
    bus.publish(`user:${user.id}`, { type: 'signed_out', time: now(), payload: { reason }, session: session.id });
  }
}
