// Local accounts (standalone mode and the embedded default): creation, password sign-in, and a lockout that
// stops password guessing per account, on top of the per-address rate limit of the login route.
import type { GlobalRole, User } from '../domain/types.js';
import type { Store } from '../storage/store.js';
import { AppError } from '../services/errors.js';
import { hashPassword, verifyPassword } from './passwords.js';

export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
}

export class Accounts {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly newId: () => string,
    private readonly lockout: LockoutPolicy = { maxFailures: 5, windowMs: 15 * 60_000 },
  ) {}

  async create(input: { name: string; displayName?: string; password: string; roles: GlobalRole[] }): Promise<User> {
    if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(input.name)) throw new AppError('bad_request', 'A user name is 1-64 letters, digits or _.@-');
    if (input.password.length < 8) throw new AppError('bad_request', 'A password has at least 8 characters.');
    if (await this.store.getUserByName(input.name)) throw new AppError('name_taken');
    return this.store.createUser({
      id: this.newId(),
      name: input.name,
      displayName: input.displayName ?? input.name,
      source: 'local',
      passwordHash: await hashPassword(input.password),
      roles: input.roles,
      createdAt: this.now(),
    });
  }

  /** The user for a correct name and password. Repeated failures lock the account for a while. */
  async signIn(name: string, password: string): Promise<User> {
    const key = name.toLowerCase();
    const now = this.now();
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < this.lockout.windowMs);
    if (recent.length >= this.lockout.maxFailures) throw new AppError('rate_limited', 'Too many failed sign-ins for this account; try again later.');
    const user = await this.store.getUserByName(name);
    if (user?.passwordHash && (await verifyPassword(password, user.passwordHash))) {
      this.failures.delete(key);
      return user;
    }
    recent.push(now);
    this.failures.set(key, recent);
    throw new AppError('bad_credentials');
  }

  /** Adds a site-wide role to a local account (`parakeet user grant`). Django users get theirs from Django. */
  grant(name: string, role: GlobalRole): Promise<User> {
    return this.changeRoles(name, (roles) => (roles.includes(role) ? roles : [...roles, role]));
  }

  /** Removes a site-wide role from a local account (`parakeet user revoke`). */
  revoke(name: string, role: GlobalRole): Promise<User> {
    return this.changeRoles(name, (roles) => roles.filter((r) => r !== role));
  }

  private async changeRoles(name: string, change: (roles: GlobalRole[]) => GlobalRole[]): Promise<User> {
    const user = await this.store.getUserByName(name);
    if (!user) throw new AppError('no_such_user', `No user named ${name}.`);
    if (user.source !== 'local') throw new AppError('bad_request', `${name} is a ${user.source} user: their roles come from ${user.source === 'django' ? 'Django groups and permissions' : 'being a guest'}.`);
    const roles = change(user.roles);
    await this.store.updateUser(user.id, { roles });
    return { ...user, roles };
  }

  /** Password-less sign-in for benchmarks and local testing (PARAKEET_DEV_LOGIN); creates the user on first use. */
  async devUser(name: string): Promise<User> {
    const existing = await this.store.getUserByName(name);
    if (existing) return existing;
    try {
      return await this.store.createUser({ id: this.newId(), name, displayName: name, source: 'local', roles: ['helper'], createdAt: this.now() });
    } catch (error) {
      const raced = await this.store.getUserByName(name);
      if (raced) return raced;
      throw error;
    }
  }
}
