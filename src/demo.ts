// Demo accounts and a room, so a newcomer can try every role at once (npm start).
import type { GlobalRole } from './domain/types.js';
import type { Services } from './server.js';

export const DEMO_ACCOUNTS: Array<{ name: string; displayName: string; password: string; roles: GlobalRole[] }> = [
  { name: 'admin', displayName: 'Ada Admin', password: 'parakeet-admin', roles: ['admin', 'monitor', 'helper'] },
  { name: 'monitor', displayName: 'Mona Monitor', password: 'parakeet-monitor', roles: ['monitor', 'helper'] },
  { name: 'helper', displayName: 'Hal Helper', password: 'parakeet-helper', roles: ['helper'] },
  { name: 'helper2', displayName: 'Hedy Helper', password: 'parakeet-helper2', roles: ['helper'] },
  { name: 'trainee', displayName: 'Tom Trainee', password: 'parakeet-trainee', roles: ['trainee'] },
];

/** Creates what is missing; returns lines describing the accounts. */
export async function ensureDemo(services: Services): Promise<string[]> {
  for (const account of DEMO_ACCOUNTS) {
    if (!(await services.store.getUserByName(account.name))) await services.accounts.create(account);
  }
  const admin = (await services.store.getUserByName('admin'))!;
  const rooms = await services.chat.listRooms(admin.id);
  if (!rooms.some((r) => r.name === 'Helpers lounge')) {
    const room = await services.chat.createRoom({ id: admin.id, name: admin.displayName }, { kind: 'conference', name: 'Helpers lounge', topic: "Welcome! '''Be kind''' and see [[Live chat guidelines]]." });
    for (const name of ['monitor', 'helper', 'helper2', 'trainee']) {
      const user = (await services.store.getUserByName(name))!;
      await services.chat.join({ id: user.id, name: user.displayName }, room.id);
    }
  }
  return DEMO_ACCOUNTS.map((a) => `  ${a.name.padEnd(8)} / ${a.password.padEnd(18)} ${a.roles.join(', ')}`);
}
