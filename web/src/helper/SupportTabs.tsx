// The support chats I am in, as a row of tabs above the conversation, each with its unread count.
import { t } from '../i18n/index.js';
import type { ChatStore } from '../lib/chat-store.js';
import type { SupportStore } from '../lib/support-store.js';

export function SupportTabs({ store, support }: { store: ChatStore; support: SupportStore | null }) {
  const rooms = store.list().filter((r) => r.room.kind === 'support' || support?.chatOfRoom.has(r.room.id));
  if (rooms.length === 0) return null;
  return (
    <nav class="support-tabs" aria-label={t('support.chats')}>
      <ul>
        {rooms.map((r) => {
          const chat = support?.view?.chats.find((c) => c.room === r.room.id);
          const current = r.room.id === store.active;
          return (
            <li key={r.room.id}>
              <button type="button" class={current ? 'tab current' : 'tab'} aria-current={current ? 'page' : undefined} onClick={() => void store.select(r.room.id)} data-room={r.room.id}>
                {chat?.guest.name ?? r.room.name}
                {r.ended && <span class="muted small"> ({t('support.endedShort')})</span>}
                {r.unread > 0 && (
                  <span class="badge">
                    {r.unread}
                    <span class="sr-only"> {t('rooms.unread', { count: r.unread })}</span>
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
