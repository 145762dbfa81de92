// Parakeet's site-wide roles from a Django user's flags, groups and permissions.
import type { GlobalRole } from '../../domain/types.js';

export interface RoleRules {
  /** Members are approved helpers (default 'Live Chat helpers'). */
  helperGroup: string;
  /** Holders are approved helpers too, e.g. 'livechat.answer_chat'. */
  helperPermission?: string;
  /** Holders may watch every chat (default 'livechat.monitor_chat'). */
  monitorPermission: string;
  /** Members who are not approved helpers are trainees: invited into chats, never given one from the queue. */
  traineeGroup: string;
}

export interface RoleFacts {
  isActive: boolean;
  isSuperuser: boolean;
  groups: readonly string[];
  permissions: readonly string[];
}

/**
 * An active superuser is everything. Otherwise monitor and helper come from the rules, trainee from the
 * trainee group unless the user is an approved helper, and a user with none of these is an authenticated
 * guest. An inactive user (only possible with an AllowAllUsers backend) has no permissions in Django: guest.
 */
export function rolesFor(user: RoleFacts, rules: RoleRules): GlobalRole[] {
  if (!user.isActive) return ['guest'];
  if (user.isSuperuser) return ['admin', 'monitor', 'helper'];
  const monitor = user.permissions.includes(rules.monitorPermission);
  const helper = user.groups.includes(rules.helperGroup) || (rules.helperPermission !== undefined && user.permissions.includes(rules.helperPermission));
  const trainee = !helper && user.groups.includes(rules.traineeGroup);
  const roles: GlobalRole[] = [];
  if (monitor) roles.push('monitor');
  if (helper) roles.push('helper');
  if (trainee) roles.push('trainee');
  return roles.length ? roles : ['guest'];
}
