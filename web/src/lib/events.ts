// Typed readers for event payloads (docs/protocol.md "Events").
import type { ChatEvent, RoomRole, UserRef } from './types.js';

const ref = (value: unknown): UserRef | undefined => {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' ? { id: v.id, name: String(v.name ?? v.id) } : undefined;
};

export const actor = (e: ChatEvent): UserRef | undefined => ref(e.payload.user) ?? ref(e.payload.author);
export const target = (e: ChatEvent): UserRef | undefined => ref(e.payload.target);
export const recipient = (e: ChatEvent): UserRef | undefined => ref(e.payload.to);
export const text = (e: ChatEvent, key: string): string => {
  const value = e.payload[key];
  return typeof value === 'string' ? value : '';
};
export const roleOf = (e: ChatEvent): RoomRole => text(e, 'role') as RoomRole;

/** Whether this durable event ends the membership of `userId` in its room. */
export function endsMembership(e: ChatEvent, userId: string): boolean {
  if (e.type === 'part') return actor(e)?.id === userId;
  if (e.type === 'kick' || e.type === 'ban') return target(e)?.id === userId;
  return false;
}

const RANK: Record<RoomRole, number> = { watcher: 0, member: 1, halfop: 2, op: 3, owner: 4 };

/** Whether `role` is at least `needed` (docs/protocol.md: topic/invite/kick need halfop, ban/role need op). */
export const atLeast = (role: RoomRole | undefined, needed: RoomRole): boolean => role !== undefined && RANK[role] >= RANK[needed];
export const outranks = (a: RoomRole | undefined, b: RoomRole): boolean => a !== undefined && RANK[a] > RANK[b];
export const rolesBelow = (role: RoomRole | undefined): RoomRole[] => (Object.keys(RANK) as RoomRole[]).filter((r) => outranks(role, r));
