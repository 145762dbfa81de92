import { render } from 'preact';
import { SignIn } from '../components/SignIn.js';
import { boot, transportFromUrl } from '../lib/boot.js';
import { ChatStore } from '../lib/chat-store.js';
import { Connection } from '../lib/connection.js';
import { serverCommands } from '../lib/features.js';
import { SupportStore } from '../lib/support-store.js';
import { HelperApp } from './HelperApp.js';
import { CannedStore } from '../lib/canned-store.js';
import './helper.css';

const STAFF = ['helper', 'trainee', 'monitor', 'admin'];

const { http, me, error } = await boot();
const root = document.getElementById('app')!;
if (!me) render(<SignIn error={error} />, root);
else if (!me.roles.some((r) => STAFF.includes(r))) render(<SignIn role="helper" />, root);
else {
  const store = new ChatStore(new Connection(http, transportFromUrl()), me);
  const commands = await serverCommands();
  const support = commands.has('support_queue') ? new SupportStore(store.conn) : null;
  const canned = commands.has('canned_list') ? new CannedStore(store.conn) : null;
  render(<HelperApp store={store} support={support} canned={canned} />, root);
  void store.start();
  support?.start();
}
