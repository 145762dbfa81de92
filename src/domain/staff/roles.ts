// Who counts as staff, from the site-wide roles (local accounts, Django groups; guests have ['guest']).
import type { GlobalRole } from '../types.js';

const STAFF: readonly GlobalRole[] = ['admin', 'monitor', 'helper', 'trainee'];
const MONITORS: readonly GlobalRole[] = ['admin', 'monitor'];

/** Staff see staff-only events (whispers, notes, silent joins) and use the staff commands. */
export function isStaff(roles: readonly GlobalRole[]): boolean {
  return roles.some((r) => STAFF.includes(r));
}

/** Monitors watch, whisper, barge in, take over and hand back chats, and edit shared canned responses. */
export function isMonitor(roles: readonly GlobalRole[]): boolean {
  return roles.some((r) => MONITORS.includes(r));
}
