// Guests: visitors who ask for help without an account. Anonymous guests are made here; a Django user who is
// none of helper, trainee, monitor or admin is a guest too, an authenticated one (roles ['guest']).
import { isStaff } from '../domain/staff/roles.js';
import type { User } from '../domain/types.js';
import type { Store } from '../storage/store.js';

/** True for anyone without a staff role: anonymous guests, authenticated Django guests, local users with no role. */
export function isGuest(user: Pick<User, 'roles'>): boolean {
  return !isStaff(user.roles);
}

/** What a guest may call themselves: printable, one line, at most 64 characters; 'Guest' when nothing is left. */
export function guestDisplayName(given: string | undefined): string {
  // Line breaks and tabs become spaces; other control and format characters (bidi overrides, NUL) go.
  const cleaned = (given ?? '').replace(/\s+/g, ' ').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  return [...cleaned].slice(0, 64).join('') || 'Guest';
}

export class Guests {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly newId: () => string,
  ) {}

  /** A new anonymous guest. The login name is random, so it can never collide with an account. */
  async create(displayName?: string): Promise<User> {
    const id = this.newId();
    return this.store.createUser({ id, name: `guest-${id}`, displayName: guestDisplayName(displayName), source: 'guest', roles: ['guest'], createdAt: this.now() });
  }
}
