// The Parakeet user behind a Django user: made on the first sign-in, then kept in step with Django (display
// name and roles) every time the session is checked.
import type { GlobalRole, User } from '../domain/types.js';
import type { Store } from '../storage/store.js';
import type { DjangoPrincipal } from './django/identity.js';

const sameRoles = (a: readonly GlobalRole[], b: readonly GlobalRole[]) => a.length === b.length && a.every((r) => b.includes(r));

export class DjangoUsers {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly newId: () => string,
  ) {}

  /** The user for a principal, created on first sign-in; `rolesChanged` when Django's roles differ from those stored. */
  async upsert(principal: DjangoPrincipal): Promise<{ user: User; rolesChanged: boolean }> {
    const existing = await this.store.getUserByExternalId('django', principal.userId);
    if (existing) return this.update(existing, principal);
    try {
      const user = await this.store.createUser({
        id: this.newId(),
        name: await this.freeName(principal),
        displayName: principal.displayName,
        source: 'django',
        externalId: principal.userId,
        roles: principal.roles,
        createdAt: this.now(),
      });
      return { user, rolesChanged: false };
    } catch (error) {
      // Two first requests at once: the unique (source, external_id) lets one win; use its row.
      const raced = await this.store.getUserByExternalId('django', principal.userId);
      if (raced) return this.update(raced, principal);
      throw error;
    }
  }

  /** Brings the stored user in line with the principal; reads it fresh so a change is reported once. */
  async update(user: User, principal: DjangoPrincipal): Promise<{ user: User; rolesChanged: boolean }> {
    const current = (await this.store.getUser(user.id)) ?? user;
    const rolesChanged = !sameRoles(current.roles, principal.roles);
    if (!rolesChanged && current.displayName === principal.displayName) return { user: current, rolesChanged };
    await this.store.updateUser(current.id, { roles: principal.roles, displayName: principal.displayName });
    return { user: { ...current, roles: principal.roles, displayName: principal.displayName }, rolesChanged };
  }

  /** The Django username when no other account holds it, else username#id ('#' is in no local or Django name). */
  private async freeName(principal: DjangoPrincipal): Promise<string> {
    const taken = await this.store.getUserByName(principal.username);
    return taken ? `${principal.username}#${principal.userId}` : principal.username;
  }
}
