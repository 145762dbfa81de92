// The helper console: conversations on the start side, the open conversation in the middle, members on the end
// side. Support panels join when the server offers the support commands.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Announcer } from '../components/Announcer.js';
import { ConnectionBanner } from '../components/ConnectionBanner.js';
import { LanguageSelect } from '../components/LanguageSelect.js';
import { ThemeToggle } from '../components/ThemeToggle.js';
import { t } from '../i18n/index.js';
import type { ChatStore } from '../lib/chat-store.js';
import { text } from '../lib/events.js';
import { useObservable } from '../lib/observable.js';
import { Attention } from './attention.js';
import { MemberList } from './MemberList.js';
import { People } from './People.js';
import { RoomList } from './RoomList.js';
import { RoomView } from './RoomView.js';
import { StatusControl } from './StatusControl.js';
import { SupportPanel } from './SupportPanel.js';
import type { SupportStore } from '../lib/support-store.js';
import type { CannedStore } from '../lib/canned-store.js';
import { isMonitorRole } from '../lib/staff-types.js';
import { CannedPanel } from './CannedPanel.js';
import { SupportTabs } from './SupportTabs.js';
import { SupportTools } from './SupportTools.js';
import { SignOut } from '../components/SignOut.js';

export function HelperApp({ store, support, canned }: { store: ChatStore; support: SupportStore | null; canned: CannedStore | null }) {
  useObservable(store);
  useObservable(support ?? store);
  const [, relabel] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const [askNotifications, setAskNotifications] = useState(false);
  const attention = useMemo(() => new Attention(t('app.helper')), []);
  useEffect(() => {
    document.title = t('app.helper');
    setAskNotifications(attention.canAsk());
    store.onIncoming = (room, event) => {
      const name = String((event.payload.author as { name?: string } | undefined)?.name ?? '');
      if (room.room.id === store.active) setAnnouncement(t('message.new', { name, text: text(event, 'body').slice(0, 200) }));
      else attention.alert(t('notify.message', { room: room.room.name }), `${name}: ${text(event, 'body').slice(0, 120)}`);
    };
    if (support) support.onOffer = (offer) => attention.alert(t('notify.offer'), `${offer.guest.name}: ${offer.question.slice(0, 120)}`);
  }, [store, support, attention]);
  const active = store.active ? store.rooms.get(store.active) : undefined;
  const chat = active ? support?.chatOfRoom.get(active.room.id) : undefined;
  return (
    <>
      <a class="skip-link" href="#conversation">
        {t('app.skip')}
      </a>
      <header class="topbar">
        <h1 class="brand">Parakeet · {t('app.helper')}</h1>
        <StatusControl store={store} />
        {askNotifications && (
          <button type="button" onClick={() => void attention.ask().then(() => setAskNotifications(false))}>
            {t('notify.enable')}
          </button>
        )}
        <ThemeToggle />
        <LanguageSelect onChange={() => relabel((n) => n + 1)} />
        <span class="small muted">{store.me.displayName}</span>
        <SignOut http={store.conn.http} />
      </header>
      <ConnectionBanner conn={store.conn} />
      <div class="console">
        <nav class="sidebar" aria-label={t('rooms.title')}>
          {support ? (
            <SupportPanel support={support} meId={store.me.id} onOpenRoom={(room) => void store.refreshRooms().then(() => store.select(room))} />
          ) : (
            <p class="small muted">{t('support.missing')}</p>
          )}
          {canned && <CannedPanel canned={canned} monitor={isMonitorRole(store.me.roles)} />}
          <RoomList store={store} />
          <People store={store} />
        </nav>
        <main class="main" id="main">
          <SupportTabs store={store} support={support} />
          {active ? <RoomView key={active.room.id} store={store} state={active} support={support} canned={canned} /> : <p class="empty">{t('room.pick')}</p>}
        </main>
        {active && (chat || !active.ended) && (
          <aside class="members" aria-label={chat ? t('support.tools') : t('room.members')}>
            {chat && support && <SupportTools key={chat} conn={store.conn} support={support} chat={chat} state={active} meId={store.me.id} />}
            {!active.ended && <MemberList store={store} state={active} />}
          </aside>
        )}
      </div>
      <Announcer text={announcement} />
    </>
  );
}
