// Who is who. The ways in (a chat session cookie, a Django session, an anonymous guest), and the re-check that
// takes rights away when Django does. The transports call authenticate() once per request and attach() for each
// stream; other services call recheck() before privileged actions and isGuest() for guest rules.
import type { Bus } from '../bus/bus.js';
import type { User } from '../domain/types.js';
import { AppError } from '../services/errors.js';
import type { Store } from '../storage/store.js';
import type { DjangoConfig } from './django/config.js';
import { createDjangoIdentity } from './django/identity.js';
import { signOutReasons } from './django-sign-out.js';
import { DjangoSessions, type WatchedStream } from './django-sessions.js';
import { DjangoUsers } from './django-users.js';
import { Guests } from './guests.js';
import type { Sessions, SignedIn } from './sessions.js';

export { isGuest } from './guests.js';

/** The identity sources besides local accounts and guests. Null: standalone mode. */
export interface IdentityProviders {
  django: DjangoConfig | null;
}

export interface IdentityDeps {
  store: Store;
  bus: Bus;
  sessions: Sessions;
  now: () => number;
  newId: () => string;
  /** How often a Django-backed chat session is asked again (PARAKEET_DJANGO_RECHECK_MS). */
  recheckMs: number;
  warn: (error: unknown, what: string) => void;
}

export const DEFAULT_DJANGO_LOGIN_URL = '/accounts/login/';

export class Identity {
  readonly guests: Guests;
  readonly django: DjangoSessions | null = null;
  /** Where a visitor signs in: the Django site's login page, or the standalone /login page. */
  readonly loginUrl: string = '/login';
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(
    private readonly deps: IdentityDeps,
    providers: IdentityProviders,
  ) {
    this.guests = new Guests(deps.store, deps.now, deps.newId);
    const config = providers.django;
    if (!config) return;
    const identity = createDjangoIdentity(config, deps.now);
    const reasons = signOutReasons(config);
    this.closers.push(() => identity.close(), () => reasons.close());
    this.django = new DjangoSessions({ ...deps, config, identity, reasons, users: new DjangoUsers(deps.store, deps.now, deps.newId) });
    this.loginUrl = config.loginUrl ?? DEFAULT_DJANGO_LOGIN_URL;
  }

  /**
   * The caller of a request: the chat session `sessionId` (re-checked against Django when due), or, when that is
   * missing, a guest's, or from another Django session than the browser now carries, a new chat session made
   * from the Django cookie (`created`: the transport sets the cookie).
   */
  async authenticate(sessionId: string | undefined, cookieHeader: string | undefined): Promise<{ signedIn: SignedIn | null; created: boolean }> {
    let signedIn = sessionId ? await this.deps.sessions.resolve(sessionId) : null;
    const django = this.django;
    if (!django) return { signedIn, created: false };
    if (signedIn?.session.djangoKey !== undefined) signedIn = await django.current(signedIn);
    const value = django.cookieValue(cookieHeader);
    const stale = signedIn?.session.djangoKey !== undefined && signedIn.session.djangoKey !== value;
    if (value === undefined || (signedIn && signedIn.user.source !== 'guest' && !stale)) return { signedIn, created: false };
    try {
      const fresh = await django.signIn(cookieHeader);
      return fresh ? { signedIn: fresh, created: true } : { signedIn, created: false };
    } catch (error) {
      // The site's database is down: someone already signed in carries on; nobody is made a guest by an outage.
      if (signedIn) return { signedIn, created: false };
      this.deps.warn(error, 'Django sign-in failed');
      throw new AppError('shutting_down', 'Signing in through the site is not possible right now; try again shortly.');
    }
  }

  /** The user as of now (fresh roles), or null when the chat session has ended. Call before privileged actions. */
  async recheck(auth: SignedIn): Promise<User | null> {
    if (auth.session.djangoKey !== undefined && this.django) return (await this.django.recheck(auth))?.user ?? null;
    const session = await this.deps.store.getSession(auth.session.id);
    if (!session || session.expiresAt <= this.deps.now()) return null;
    return (await this.deps.store.getUser(session.userId)) ?? null;
  }

  /** Ties a stream to its chat session: a `signed_out` for that session ends it, and it keeps the re-check going. */
  attach(stream: WatchedStream & { session: string | null }, auth: SignedIn): void {
    stream.session = auth.session.id;
    this.django?.attach(stream, auth);
  }

  async signOut(sessionId: string): Promise<void> {
    this.django?.forget(sessionId);
    await this.deps.sessions.destroy(sessionId);
  }

  /** Starts the periodic Django re-check (a server does; the CLI does not). */
  start(): void {
    this.django?.start();
  }

  async close(): Promise<void> {
    this.django?.stop();
    await Promise.all(this.closers.map((close) => close()));
  }
}
