// What a phase needs from a simulated user, whatever the transport.
import type { Receiver } from '../step.js';

export interface BenchClient extends Receiver {
  readonly room: string;
  /** Fire and forget: failures are reported to the Recorder as send errors. */
  send(body: string, clientId: string): void;
  close(): void;
}
