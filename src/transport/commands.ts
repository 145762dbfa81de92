// Every command a client can give, in one table. HTTP serves each at /api/<name> (GET for reads, POST with CSRF
// for changes); the WebSocket takes the same names as `op`. Each feature declares its commands in its own file.
import type { AnyCommand } from './commands/command.js';
import { CHAT_COMMANDS } from './commands/chat.js';
import { STAFF_COMMANDS } from './commands/staff.js';
import { STATS_COMMANDS } from './commands/stats.js';
import { SUPPORT_COMMANDS } from './commands/support.js';

export const COMMANDS = { ...CHAT_COMMANDS, ...SUPPORT_COMMANDS, ...STAFF_COMMANDS, ...STATS_COMMANDS };

export type CommandName = keyof typeof COMMANDS;

export const COMMAND_TABLE = COMMANDS as unknown as Record<string, AnyCommand>;
