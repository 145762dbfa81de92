// The in-process bus: the default engine and the reference for the contract in bus.ts.
import type { Bus, BusMessage, Channel } from './bus.js';

export class MemoryBus implements Bus {
  private readonly channels = new Map<Channel, Set<(message: BusMessage) => void>>();

  publish(channel: Channel, message: BusMessage): void {
    const handlers = this.channels.get(channel);
    if (!handlers) return;
    for (const handler of handlers) handler(message);
  }

  subscribe(channel: Channel, handler: (message: BusMessage) => void): () => void {
    let handlers = this.channels.get(channel);
    if (!handlers) this.channels.set(channel, (handlers = new Set()));
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0 && this.channels.get(channel) === handlers) this.channels.delete(channel);
    };
  }

  async close(): Promise<void> {
    this.channels.clear();
  }
}
