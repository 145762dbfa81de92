// support_stats: the monitor dashboard's history of the queue (length, waits, chats per helper, survey scores),
// computed by src/domain/support-stats.ts from stored support chats and survey answers.
import { Type } from '@sinclair/typebox';
import { statsWindow, supportStats } from '../../domain/support-stats.js';
import { AppError } from '../../services/errors.js';
import { requireMonitor } from '../../services/staff/access.js';
import { command } from './command.js';

/** More rows than a week of a busy desk; beyond it the answer says `truncated`. */
const MAX_ROWS = 50_000;

export const STATS_COMMANDS = {
  support_stats: command({
    method: 'GET',
    summary:
      "Monitors: the queue's history over a window of at most 7 days (default: today in the queue's time zone): queue length, waits, chats per helper, survey scores.",
    args: Type.Object({
      from: Type.Optional(Type.Integer({ minimum: 0, description: 'Start of the window, ms since the epoch (default: `to` − 24 h, or today)' })),
      to: Type.Optional(Type.Integer({ minimum: 0, description: 'End of the window, exclusive (default: `from` + 24 h, or the end of today)' })),
    }),
    run: async (s, a, x) => {
      requireMonitor({ ref: a.ref, roles: a.user.roles });
      const now = s.now();
      const window = statsWindow(x, now, s.config.queueTimeZone);
      if (!window.ok) throw new AppError('bad_request', window.reason);
      const { from, to } = window;
      const [chats, surveys] = await Promise.all([s.store.supportChatTimes(from, to, MAX_ROWS), s.store.surveyAnswers(from, to, MAX_ROWS)]);
      const stats = supportStats({ chats, surveys, from, to, now });
      const names = new Map(
        await Promise.all(stats.helpers.map(async (h) => [h.helper, (await s.store.getUser(h.helper))?.displayName ?? h.helper] as const)),
      );
      return {
        ...stats,
        timeZone: s.config.queueTimeZone,
        helpers: stats.helpers.map(({ helper, ...rest }) => ({ helper: { id: helper, name: names.get(helper) ?? helper }, ...rest })),
        truncated: chats.length === MAX_ROWS || surveys.length === MAX_ROWS,
      };
    },
  }),
};
