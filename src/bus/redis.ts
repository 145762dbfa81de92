// The Redis engine of the bus, for cluster mode: several Parakeet processes on one database.
//
// Local subscribers are served at once by an in-process bus; every publish also goes to Redis, tagged with this
// node's id, and a node drops its own messages when Redis echoes them back, so nothing is delivered twice.
// Each node listens to every channel with one pattern subscription, made before the bus is ready: a per-channel
// SUBSCRIBE would be in flight while a stream reads storage, and an event published then would go unheard. Redis
// pub/sub is at most once: a message lost between nodes shows up as a gap in seq, which the stream repairs from
// storage (see the contract in bus.ts).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Bus, BusMessage, Channel } from './bus.js';
import { MemoryBus } from './memory.js';

interface Envelope {
  node: string;
  message: BusMessage;
}

export class RedisBus implements Bus {
  private readonly local = new MemoryBus();
  private readonly node = randomBytes(8).toString('base64url');
  private readonly publisher: Redis;
  private readonly listener: Redis;

  constructor(
    url: string,
    private readonly prefix = 'parakeet:',
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.listener = new Redis(url, { lazyConnect: false });
    this.publisher.on('error', onError);
    this.listener.on('error', onError);
    this.listener.on('pmessage', (_pattern: string, key: string, text: string) => this.receive(key, text));
  }

  /** Resolves once both connections are up and every channel is heard. */
  async ready(): Promise<void> {
    await Promise.all([this.publisher.ping(), this.listener.psubscribe(`${this.prefix}*`)]);
  }

  publish(channel: Channel, message: BusMessage): void {
    this.local.publish(channel, message);
    const envelope: Envelope = { node: this.node, message };
    this.publisher.publish(this.prefix + channel, JSON.stringify(envelope)).catch(this.onError);
  }

  subscribe(channel: Channel, handler: (message: BusMessage) => void): () => void {
    return this.local.subscribe(channel, handler);
  }

  async close(): Promise<void> {
    await this.local.close();
    this.listener.disconnect();
    this.publisher.disconnect();
  }

  private receive(key: string, text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch (error) {
      return this.onError(error);
    }
    if (envelope.node === this.node) return;
    this.local.publish(key.slice(this.prefix.length) as Channel, envelope.message);
  }
}
