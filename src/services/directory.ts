// Finding people to invite or chat with, without exposing anything beyond id and names.
import type { Store } from '../storage/store.js';

export interface UserSummary {
  id: string;
  name: string;
  displayName: string;
}

export class Directory {
  constructor(private readonly store: Store) {}

  async search(query: string, limit = 20): Promise<UserSummary[]> {
    const q = query.trim().toLowerCase();
    const users = await this.store.listUsers();
    return users
      .filter((u) => u.source !== 'guest' && (q === '' || u.name.toLowerCase().includes(q) || u.displayName.toLowerCase().includes(q)))
      .slice(0, limit)
      .map((u) => ({ id: u.id, name: u.name, displayName: u.displayName }));
  }
}
