import { render } from 'preact';
import { SignIn } from '../components/SignIn.js';
import { boot } from '../lib/boot.js';
import { Connection } from '../lib/connection.js';
import { serverCommands } from '../lib/features.js';
import { SupportStore } from '../lib/support-store.js';
import { ChatStore } from '../lib/chat-store.js';
import { MonitorApp } from './MonitorApp.js';
import './monitor.css';

const { http, me, error } = await boot();
const root = document.getElementById('app')!;
if (!me) render(<SignIn error={error} />, root);
else if (!me.roles.some((r) => r === 'monitor' || r === 'admin')) render(<SignIn role="monitor" />, root);
else {
  const conn = new Connection(http);
  const support = new SupportStore(conn);
  // The rooms the monitor joins (watch, barge in, take over) are followed like in the helper console.
  const chats = new ChatStore(conn, me);
  render(<MonitorApp support={support} chats={chats} commands={await serverCommands()} />, root);
  void chats.start();
  support.start();
}
