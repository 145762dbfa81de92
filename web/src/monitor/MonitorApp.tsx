// The monitor dashboard: the queue's door, the live line, helpers and their limits, chats in progress with the
// dispatch log, and charts of the day drawn from the server's history (support_stats).
import { useEffect, useState } from 'preact/hooks';
import { ConnectionBanner } from '../components/ConnectionBanner.js';
import { LanguageSelect } from '../components/LanguageSelect.js';
import { ThemeToggle } from '../components/ThemeToggle.js';
import { formatDuration, formatTime, t } from '../i18n/index.js';
import { useObservable } from '../lib/observable.js';
import type { SupportStore } from '../lib/support-store.js';
import type { ChatStore } from '../lib/chat-store.js';
import { SignOut } from '../components/SignOut.js';
import { ChatsCard } from './ChatsCard.js';
import { Door } from './Door.js';
import { History } from './History.js';
import { Transcripts } from './Transcripts.js';

export function MonitorApp({ support, chats, commands }: { support: SupportStore; chats: ChatStore; commands: Set<string> }) {
  useObservable(support);
  const [, relabel] = useState(0);
  const [error, setError] = useState('');
  const view = support.view;
  useEffect(() => {
    document.title = t('app.monitor');
  }, []);
  const act = async (name: string, args: Record<string, unknown>) => setError(await support.run(name, args));
  if (!commands.has('support_queue')) return <p class="empty">{t('support.missing')}</p>;
  return (
    <>
      <header class="topbar">
        <h1 class="brand">Parakeet · {t('app.monitor')}</h1>
        <ThemeToggle />
        <LanguageSelect onChange={() => relabel((n) => n + 1)} />
        <span class="small muted">{chats.me.displayName}</span>
        <SignOut http={support.conn.http} />
      </header>
      <ConnectionBanner conn={support.conn} />
      <main class="dashboard" id="main">
        {(error || support.error) && <p class="error" role="alert">{error || support.error}</p>}
        <Door status={view?.status ?? null} onSet={(name, reason) => void act(name, { reason })} />
        <section class="card" aria-labelledby="queue-title">
          <h2 id="queue-title">
            {t('monitor.queue')} ({view?.waiting.length ?? 0})
          </h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('support.waiting')}</th>
                <th scope="col">{t('support.question')}</th>
                <th scope="col">{t('support.metadata')}</th>
                <th scope="col">{t('monitor.waitSoFar')}</th>
              </tr>
            </thead>
            <tbody>
              {view?.waiting.map((w) => (
                <tr key={w.guest.id}>
                  <td>
                    {w.position ?? '–'}. {w.guest.name}
                    {w.offeredTo && <div class="small muted">→ {w.offeredTo.name}</div>}
                  </td>
                  <td class="quote">{w.question}</td>
                  <td class="small">{[w.metadata.product, w.metadata.version, w.metadata.os ?? w.metadata.ua?.os].filter(Boolean).join(' · ')}</td>
                  <td>{formatDuration(w.waitedMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="card" aria-labelledby="helpers-title">
          <h2 id="helpers-title">{t('monitor.helpers')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('monitor.helpers')}</th>
                <th scope="col">{t('status.label')}</th>
                <th scope="col">{t('monitor.load')}</th>
                <th scope="col">{t('monitor.limit')}</th>
              </tr>
            </thead>
            <tbody>
              {view?.helpers.map((h) => (
                <tr key={h.helper.id}>
                  <td>{h.helper.name}</td>
                  <td>{h.status}</td>
                  <td>
                    {h.load} / {h.limit}
                  </td>
                  <td>
                    <input
                      type="number"
                      min={0}
                      max={50}
                      value={h.max}
                      aria-label={`${t('monitor.limit')}: ${h.helper.name}`}
                      onChange={(e) => void act('support_max', { helper: h.helper.id, max: Number(e.currentTarget.value) })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <ChatsCard support={support} chats={chats} commands={commands} onError={setError} />
        <section class="card charts" aria-labelledby="charts-title">
          <h2 id="charts-title">{t('monitor.charts')}</h2>
          {commands.has('support_stats') ? <History conn={support.conn} /> : <p class="small muted">{t('common.notAvailable')}</p>}
        </section>
        {commands.has('transcripts') ? (
          <Transcripts conn={support.conn} view={view} onError={setError} />
        ) : (
          <section class="card" aria-labelledby="transcripts-title">
            <h2 id="transcripts-title">{t('monitor.transcripts')}</h2>
            <p class="small muted">{t('common.notAvailable')}</p>
          </section>
        )}
      </main>
    </>
  );
}
