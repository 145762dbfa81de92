// The people directory (users command): start a direct one-to-one chat.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import type { ChatStore } from '../lib/chat-store.js';
import type { Person } from '../lib/types.js';

export function People({ store }: { store: ChatStore }) {
  const [q, setQ] = useState('');
  const [people, setPeople] = useState<Person[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => {
      store.conn.get('users', { q }).then(
        (r) => {
          setPeople((r.users as Person[]).filter((p) => p.id !== store.me.id));
          setError('');
        },
        (e: Error) => setError(e.message),
      );
    }, 250);
    return () => window.clearTimeout(timer);
  }, [q, store]);
  const chat = async (person: Person) => {
    const existing = store.list().find((r) => r.room.kind === 'direct' && r.members?.some((m) => m.id === person.id));
    const id = existing?.room.id ?? (await store.create('direct', `${store.me.displayName} · ${person.displayName}`, [person.id]));
    await store.select(id);
  };
  return (
    <section class="people">
      <h2>{t('people.title')}</h2>
      <input type="search" aria-label={t('people.search')} placeholder={t('people.search')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      {error && <p class="error small">{error}</p>}
      <ul class="people-list">
        {people.length === 0 && <li class="muted small">{t('people.none')}</li>}
        {people.map((p) => (
          <li key={p.id}>
            <button type="button" class="link" onClick={() => void chat(p)} aria-label={t('people.chat', { name: p.displayName })}>
              {p.displayName}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
