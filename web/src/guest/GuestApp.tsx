// The guest's page (also inside the widget's frame): ask, wait in line, chat with a helper, end, give feedback.
// Signing in as an anonymous guest happens when the question is sent (POST /api/guest).
import { useEffect, useState } from 'preact/hooks';
import { Announcer } from '../components/Announcer.js';
import { ConnectionBanner } from '../components/ConnectionBanner.js';
import { LanguageSelect } from '../components/LanguageSelect.js';
import { ThemeToggle } from '../components/ThemeToggle.js';
import { t } from '../i18n/index.js';
import { ChatStore } from '../lib/chat-store.js';
import { Connection } from '../lib/connection.js';
import { ApiError, type Http } from '../lib/http.js';
import type { AskAnswer, QueueStatus, SupportInfo } from '../lib/support-types.js';
import type { Me, UserRef } from '../lib/types.js';
import { AskForm, type Question } from './AskForm.js';
import { GuestChat } from './GuestChat.js';
import { Survey } from './Survey.js';
import { Waiting } from './Waiting.js';

type Phase =
  | { name: 'ask' }
  | { name: 'waiting'; chat: string; position: number | null; waitMs: number | null; at: number; offered: boolean }
  | { name: 'chat'; chat: string; room: string; helper: UserRef | null }
  | { name: 'ended'; chat: string; surveyOffered: boolean };

const HEARTBEAT_MS = 20_000;

export function GuestApp({ http, initialMe, params }: { http: Http; initialMe: Me | null; params: URLSearchParams }) {
  const [me, setMe] = useState(initialMe);
  const [store, setStore] = useState<ChatStore | null>(null);
  const [phase, setPhase] = useState<Phase>({ name: 'ask' });
  const [info, setInfo] = useState<SupportInfo | null>(null);
  const [status, setStatus] = useState<QueueStatus | null>(null);
  const [error, setError] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [, relabel] = useState(0);

  // A returning guest (reloaded page) picks up their chat.
  useEffect(() => {
    document.title = t('app.guest');
    if (!me) return;
    const s = connect(me);
    void http.get('support_info').then((i) => setInfo(i as unknown as SupportInfo), () => {});
    void s.conn.get('support_mine').then((r) => r.chat && resume(r.chat as AskAnswer), () => {});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (phase.name !== 'waiting' || !store) return;
    const timer = window.setInterval(() => void store.conn.post('support_heartbeat').catch(() => {}), HEARTBEAT_MS);
    return () => window.clearInterval(timer);
  }, [phase.name, store]);

  function connect(user: Me): ChatStore {
    if (store) return store;
    const s = new ChatStore(new Connection(http), user);
    s.conn.onEvent((e) => {
      const p = e.payload;
      if (e.type === 'queue_position') {
        const position = p.position as number;
        setPhase((old) => (old.name === 'waiting' || old.name === 'ask' ? { name: 'waiting', chat: String(p.chat), position, waitMs: p.waitMs as number | null, at: Date.now(), offered: position === 0 } : old));
        setAnnouncement(position === 0 ? t('guest.offered') : t('guest.position', { position }));
      } else if (e.type === 'queue_status') setStatus(p as unknown as QueueStatus);
      else if (e.type === 'support_assigned') {
        const helper = p.helper as UserRef;
        setPhase({ name: 'chat', chat: String(p.chat), room: String(p.room), helper });
        setAnnouncement(t('guest.helper', { name: helper.name }));
        void s.refreshRooms().then(() => s.select(String(p.room)));
      } else if (e.type === 'support_ended' && p.reason === 'left' && !p.surveyOffered) {
        // The guest left the line themselves: back to the question form, not to a closing screen.
        setPhase((old) => (old.name === 'waiting' ? { name: 'ask' } : old));
      } else if (e.type === 'support_ended') {
        setPhase({ name: 'ended', chat: String(p.chat), surveyOffered: Boolean(p.surveyOffered) });
        setAnnouncement(t('guest.ended'));
      }
    });
    setStore(s);
    void s.start();
    return s;
  }

  function resume(answer: AskAnswer) {
    if (answer.room && answer.state === 'active') {
      setPhase({ name: 'chat', chat: answer.chat, room: answer.room, helper: null });
      const s = store;
      void s?.refreshRooms().then(() => s.select(answer.room));
    } else {
      setPhase({ name: 'waiting', chat: answer.chat, position: answer.position, waitMs: answer.waitMs, at: Date.now(), offered: answer.position === 0 });
    }
  }

  async function ask(q: Question) {
    setError('');
    try {
      const user = me ?? (await http.guest(q.name));
      setMe(user);
      const s = connect(user);
      const answer = (await s.conn.post('support_ask', { question: q.question, metadata: q.metadata })) as unknown as AskAnswer;
      resume(answer);
      if (answer.room) await s.refreshRooms().then(() => s.select(answer.room));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'queue_closed') {
        setStatus(e.details as unknown as QueueStatus);
        setInfo((old) => ({ ...(old ?? { waiting: 0 }), ...(e.details as object), forumUrl: (e.details.forumUrl as string) ?? old?.forumUrl ?? null }) as SupportInfo);
        setError(e.message);
      } else if (e instanceof ApiError && e.code === 'no_route') setError(t('guest.unavailable'));
      else setError(e instanceof Error ? e.message : String(e));
    }
  }

  const door = status ?? info;
  return (
    <>
      <header class="topbar">
        <h1 class="brand">{t('app.guest')}</h1>
        <ThemeToggle />
        <LanguageSelect onChange={() => relabel((n) => n + 1)} />
        {me && (
          <span class="small muted" data-testid="me">
            {t('guest.signedInAs', { name: me.displayName || me.name })}
          </span>
        )}
      </header>
      {store && <ConnectionBanner conn={store.conn} />}
      <main class="guest" id="main">
        {phase.name === 'ask' && <AskForm details={params} door={door} forumUrl={info?.forumUrl ?? null} error={error} signedInName={me && me.source !== 'guest' ? me.displayName || me.name : null} onAsk={(q) => void ask(q)} />}
        {phase.name === 'waiting' && store && (
          <Waiting
            position={phase.position}
            waitMs={phase.waitMs}
            since={phase.at}
            offered={phase.offered}
            onLeave={() => void store.conn.post('support_leave').then(() => setPhase({ name: 'ask' }), (e: Error) => setError(e.message))}
          />
        )}
        {phase.name === 'chat' && store && (
          <GuestChat store={store} room={phase.room} helper={phase.helper} onEnd={() => void store.conn.post('support_end', { chat: phase.chat }).catch((e: Error) => setError(e.message))} />
        )}
        {phase.name === 'ended' && <Survey chat={phase.chat} offered={phase.surveyOffered} store={store} forumUrl={info?.forumUrl ?? null} onAgain={() => setPhase({ name: 'ask' })} />}
        {phase.name !== 'ask' && error && <p class="error" role="alert">{error}</p>}
      </main>
      <Announcer text={announcement} />
    </>
  );
}
