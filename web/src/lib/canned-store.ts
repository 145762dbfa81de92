// Canned responses (canned_list/save/delete/expand): shared ones (owner null, edited by monitors) and my own.
import type { Connection } from './connection.js';
import { ApiError } from './http.js';
import { Observable } from './observable.js';
import type { Canned } from './staff-types.js';

export class CannedStore extends Observable {
  items: Canned[] = [];
  error = '';

  constructor(readonly conn: Connection) {
    super();
  }

  async load(): Promise<void> {
    try {
      this.items = ((await this.conn.get('canned_list')) as { canned: Canned[] }).canned;
      this.error = '';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
    this.changed();
  }

  /** Mine first, then the shared one with the same code (as canned_expand prefers). */
  sorted(): Canned[] {
    return [...this.items].sort((a, b) => a.shortcode.localeCompare(b.shortcode) || (a.owner === null ? 1 : 0) - (b.owner === null ? 1 : 0));
  }

  async save(item: { shortcode: string; title: string; body: string; shared: boolean }): Promise<string> {
    return this.run(() => this.conn.post('canned_save', item));
  }

  async remove(shortcode: string, shared: boolean): Promise<string> {
    return this.run(() => this.conn.post('canned_delete', { shortcode, shared }));
  }

  /** The text behind a short code, or null when there is none. */
  async expand(shortcode: string): Promise<string | null> {
    try {
      return String(((await this.conn.get('canned_expand', { shortcode })) as { body: string }).body);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'not_found' || e.code === 'bad_request')) return null;
      throw e;
    }
  }

  private async run(work: () => Promise<unknown>): Promise<string> {
    try {
      await work();
      await this.load();
      return '';
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }
}
