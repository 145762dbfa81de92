// A real server for the staff tests, with users of given site roles and support chats seeded in storage (the
// support queue's own flow is tested in its suite; here a chat only needs its row and its room).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import type { GlobalRole } from '../../src/domain/types.js';
import { createServer, newId, type Server } from '../../src/server.js';
import type { SupportChat } from '../../src/storage/store.js';
import { ChatClient } from '../support/client.js';

export interface StaffServer extends Server {
  url: string;
  /** Signs in a user with these site roles, creating them. */
  user(name: string, roles: GlobalRole[]): Promise<ChatClient>;
  /** A support chat as the queue leaves it once `helper` accepted: the row, and a room with helper (owner) and guest. */
  chat(guest: ChatClient, helper: ChatClient, question?: string, metadata?: Record<string, unknown>): Promise<SupportChat & { roomId: string }>;
  end(chat: SupportChat): Promise<void>;
}

export async function startStaffServer(overrides: Partial<Config> = {}, now?: () => number): Promise<StaffServer> {
  const dir = await mkdtemp(join(tmpdir(), 'parakeet-staff-'));
  const config = loadConfig({}, {
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    devLogin: true,
    secret: 'test-secret-test-secret-test-secret-0123',
    databaseUrl: `sqlite:${join(dir, 'db.sqlite')}`,
    ...overrides,
  });
  const server = await createServer(config, pino({ level: 'silent' }), now);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const { store, chat: chats } = server.services;
  const clock = now ?? Date.now;
  return {
    ...server,
    url,
    async user(name, roles) {
      await store.createUser({ id: newId(), name, displayName: name, source: roles.includes('guest') ? 'guest' : 'local', roles, createdAt: clock() });
      return ChatClient.dev(url, name);
    },
    async chat(guest, helper, question = 'How do I export bookmarks?', metadata = {}) {
      const chat: SupportChat = {
        id: newId(),
        roomId: null,
        guestId: guest.user.id,
        helperId: null,
        state: 'queued',
        question,
        metadata,
        queuedAt: clock(),
        assignedAt: null,
        endedAt: null,
        endedBy: null,
        endReason: null,
      };
      await store.createSupportChat(chat);
      const room = await chats.createRoom({ id: helper.user.id, name: helper.user.name }, { kind: 'support', name: question, members: [guest.user.id] });
      const changes = { state: 'active' as const, roomId: room.id, helperId: helper.user.id, assignedAt: clock() };
      await store.updateSupportChat(chat.id, changes);
      return { ...chat, ...changes };
    },
    async end(chat) {
      await store.updateSupportChat(chat.id, { state: 'ended', endedAt: clock(), endedBy: chat.helperId, endReason: 'resolved' });
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
