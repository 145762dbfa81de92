import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rolesFor } from '../../../src/identity/django/roles.js';
import { DEFAULT_ROLES } from '../../../src/identity/django/config.js';

const user = (o: Partial<Parameters<typeof rolesFor>[0]>) => ({ isActive: true, isSuperuser: false, groups: [], permissions: [], ...o });

test('roles from flags, groups and permissions', () => {
  const r = (o: Partial<Parameters<typeof rolesFor>[0]>, rules = DEFAULT_ROLES) => rolesFor(user(o), rules);
  assert.deepEqual(r({ isSuperuser: true }), ['admin', 'monitor', 'helper']);
  assert.deepEqual(r({ isSuperuser: true, isActive: false }), ['guest']);
  assert.deepEqual(r({ groups: ['Live Chat helpers'] }), ['helper']);
  assert.deepEqual(r({ permissions: ['livechat.monitor_chat'] }), ['monitor']);
  assert.deepEqual(r({ permissions: ['livechat.monitor_chat'], groups: ['Live Chat helpers'] }), ['monitor', 'helper']);
  assert.deepEqual(r({ groups: ['Live Chat trainees'] }), ['trainee']);
  // Approval wins over training; a monitor in training is both.
  assert.deepEqual(r({ groups: ['Live Chat trainees', 'Live Chat helpers'] }), ['helper']);
  assert.deepEqual(r({ groups: ['Live Chat trainees'], permissions: ['livechat.monitor_chat'] }), ['monitor', 'trainee']);
  assert.deepEqual(r({ groups: ['Editors'], permissions: ['wiki.edit'] }), ['guest']);
  assert.deepEqual(r({ groups: ['Live Chat helpers'], isActive: false }), ['guest']);
  const byPerm = { ...DEFAULT_ROLES, helperPermission: 'livechat.answer_chat' };
  assert.deepEqual(r({ permissions: ['livechat.answer_chat'] }, byPerm), ['helper']);
  assert.deepEqual(r({ permissions: ['livechat.answer_chat'] }), ['guest']);
});
