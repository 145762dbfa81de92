// Who may do what in a room. One table, enforced by the service before anything is stored.
import type { Role } from './types.js';

const RANK: Record<Role, number> = { owner: 4, op: 3, halfop: 2, member: 1, watcher: 0 };

export type RoomAction = 'speak' | 'topic' | 'invite' | 'kick' | 'ban' | 'set_role';

/** The weakest role allowed each action. Actions on another member also need a stronger role than the target's. */
const MINIMUM: Record<RoomAction, Role> = {
  speak: 'member',
  topic: 'halfop',
  invite: 'halfop',
  kick: 'halfop',
  ban: 'op',
  set_role: 'op',
};

export function outranks(a: Role, b: Role): boolean {
  return RANK[a] > RANK[b];
}

/** May `actor` do `action`, on `target` (a member's current role) when the action has one? */
export function can(actor: Role, action: RoomAction, target?: Role): boolean {
  if (RANK[actor] < RANK[MINIMUM[action]]) return false;
  if (target !== undefined && !outranks(actor, target)) return false;
  return true;
}

/** Roles `actor` may hand out: strictly below its own (an owner can make ops, an op half-ops). */
export function canGrant(actor: Role, role: Role): boolean {
  return can(actor, 'set_role') && outranks(actor, role);
}
