// The support queue across restarts: the service saves the queue's snapshot after its steps (service.ts, at most
// a few writes a second and always at a graceful stop), and on start restores it here, reconciled with the stored
// support_chats rows (restore.ts). See docs/queue.md, "Restarts".
import { SupportQueue, type SupportQueueState } from '../../domain/queue/index.js';
import type { User } from '../../domain/types.js';
import type { DispatchLogLine } from '../../storage/store.js';
import { reconcileChecked } from './restore.js';
import { isApproved } from './roles.js';
import type { SupportService } from './service.js';

/** Open rows read at a restore: far above maxWaiting plus every helper's chats. */
const MAX_OPEN_ROWS = 10_000;

export async function restoreQueue(s: SupportService): Promise<void> {
  const { store, log } = s.deps;
  const now = s.now;
  const stored = await store.loadQueueState();
  let saved: SupportQueueState | null = null;
  if (stored) {
    try {
      saved = JSON.parse(stored.json) as SupportQueueState;
    } catch (error) {
      log.error({ err: error, savedAt: stored.savedAt }, 'support queue: the saved state cannot be read; continuing from the stored chats alone');
    }
  }
  const rows = await store.listSupportChats({ states: ['queued', 'offered', 'active'], limit: MAX_OPEN_ROWS });
  if (!saved && rows.length === 0) return;

  // Names for the events and views, and approval for helpers the snapshot does not know.
  const users = new Map<string, User>();
  const ids = new Set<string>();
  for (const row of rows) {
    ids.add(row.guestId);
    if (row.helperId) ids.add(row.helperId);
  }
  for (const h of Object.values(saved?.helpers ?? {})) if (h.status !== 'offline' || h.chats.length > 0) ids.add(h.id);
  for (const id of ids) {
    const user = await store.getUser(id);
    if (user) users.set(id, user);
  }

  const r = reconcileChecked(
    { saved, rows, now, config: s.queue.config, approved: (id) => isApproved(users.get(id)?.roles ?? []) },
    (problems) => log.error({ problems }, 'support queue: the saved state disagrees with itself; continuing from the stored chats alone'),
  );
  s.queue = SupportQueue.restore(r.state, s.deps.queueConfig);
  for (const [id, user] of users) s.names.set(id, user.displayName);
  for (const row of r.open) {
    s.open.set(row.id, { ...row });
    s.byGuest.set(row.guestId, row.id);
  }
  for (const [queueChat, chatId] of r.chats) s.byQueueChat.set(queueChat, chatId);
  const until = now + s.resumeWindowMs;
  for (const [helperId, status] of r.wasOnDuty) s.onDutyBefore.set(helperId, { status, until });

  // Rows follow the queue: a revoked offer's guest waits again; a stale request ends.
  const waiting = new Set(s.queue.state.guests.map((g) => g.id));
  for (const row of r.open) if (waiting.has(row.guestId) && (row.state !== 'queued' || row.helperId !== null)) s.update(row.id, { state: 'queued', helperId: null });
  for (const row of r.stale) void s.effect(row.id, () => store.updateSupportChat(row.id, { state: 'ended', helperId: null, endedAt: now, endedBy: null, endReason: 'restart' }));
  const lines: DispatchLogLine[] = r.revoked.map((o) => ({
    chatId: s.byGuest.get(o.guestId) ?? null,
    guestId: o.guestId,
    at: now,
    entry: { at: now, event: 'revoked', guestId: o.guestId, helperId: o.helperId, offerId: o.offerId, reason: 'restart' },
  }));
  for (const row of r.open) lines.push({ chatId: row.id, guestId: row.guestId, at: now, entry: { at: now, event: 'restored', guestId: row.guestId, state: waiting.has(row.guestId) ? 'waiting' : 'active' } });
  s.writeLog(lines);
  log.info(
    { waiting: s.queue.state.guests.length, chats: r.chats.size, revokedOffers: r.revoked.length, staleRows: r.stale.length, savedAt: stored?.savedAt ?? null },
    'support queue restored',
  );
  // The usual pipeline once: the door's status for now; nobody is on duty yet, so nobody is offered.
  s.step((q, t) => q.tick(t));
}
