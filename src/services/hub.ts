// Opens and closes event streams for the transports, keeps presence in step with them, and knows every
// live connection so shutdown can tell each one to go away.
import type { Bus } from '../bus/bus.js';
import type { Cursor } from '../domain/cursor.js';
import type { UserRef } from '../domain/types.js';
import type { Store } from '../storage/store.js';
import type { PresenceService } from './presence.js';
import { EventStream, type StreamOptions } from './stream.js';

export type TransportName = 'longpoll' | 'sse' | 'websocket';

export interface Connection {
  transport: TransportName;
  /** Shutdown: answer or close with a "reconnect" hint. */
  goAway(): void;
}

export class StreamHub {
  private readonly connections = new Set<Connection>();

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly presence: PresenceService,
    private readonly options: StreamOptions,
    private readonly now: () => number,
    private readonly report: (error: unknown, what: string) => void,
  ) {}

  async open(user: UserRef, cursor: Cursor | null): Promise<EventStream> {
    const stream = new EventStream(this.store, this.bus, user, this.options, this.now);
    try {
      await this.presence.connected(user);
      await stream.start(cursor);
    } catch (error) {
      this.close(stream);
      throw error;
    }
    return stream;
  }

  close(stream: EventStream): void {
    stream.close();
    this.presence.disconnected(stream.user).catch((error: unknown) => this.report(error, 'presence update failed'));
  }

  add(connection: Connection): void {
    this.connections.add(connection);
  }

  remove(connection: Connection): void {
    this.connections.delete(connection);
  }

  count(transport: TransportName): number {
    let n = 0;
    for (const c of this.connections) if (c.transport === transport) n += 1;
    return n;
  }

  goAwayAll(): void {
    for (const c of [...this.connections]) c.goAway();
  }
}
