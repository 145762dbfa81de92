// The shape of a command: one argument schema and one handler, served over HTTP and WebSocket alike.
import type { Static, TSchema } from '@sinclair/typebox';
import type { Services } from '../../server.js';
import type { Auth } from '../auth.js';

export interface Command<S extends TSchema> {
  method: 'GET' | 'POST';
  summary: string;
  args: S;
  run: (services: Services, auth: Auth, args: Static<S>) => Promise<unknown>;
}

/** Declares a command with its argument type inferred from the schema. */
export const command = <S extends TSchema>(c: Command<S>) => c;

/** A command with argument types erased, for the generic HTTP and WebSocket dispatchers (they validate first). */
export interface AnyCommand {
  method: 'GET' | 'POST';
  summary: string;
  args: TSchema;
  run: (services: Services, auth: Auth, args: unknown) => Promise<unknown>;
}
