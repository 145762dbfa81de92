// Who may do what in the support queue, from the caller's site-wide roles.
import type { GlobalRole } from '../../domain/types.js';

/** Approved helpers get offers; trainees are registered unapproved and only join chats by invitation. */
export const isQueueHelper = (roles: readonly GlobalRole[]) => roles.includes('helper') || roles.includes('trainee');
export const isApproved = (roles: readonly GlobalRole[]) => roles.includes('helper');
export const isMonitor = (roles: readonly GlobalRole[]) => roles.includes('monitor') || roles.includes('admin');
/** Staff may be invited into a support chat and may read the queue. */
export const isStaff = (roles: readonly GlobalRole[]) => isQueueHelper(roles) || isMonitor(roles);
