// Transcripts: search support chats by text, tag, helper and date (`transcripts`), read one in the page
// (`transcript`: metadata, participants, tags, survey, monitor actions and every event, staff-only ones marked) or
// as the server's page (GET /transcripts/<chat>.html).
import { useEffect, useState } from 'preact/hooks';
import { Timeline } from '../components/Timeline.js';
import { formatTime, t } from '../i18n/index.js';
import type { Connection } from '../lib/connection.js';
import type { ChatSummary, Transcript } from '../lib/staff-types.js';
import type { QueueView } from '../lib/support-types.js';
import { MetadataList } from '../helper/SupportPanel.js';

const TAG = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;
const dayStart = (value: string) => (value ? new Date(`${value}T00:00:00`).getTime() : undefined);

export function Transcripts({ conn, view, onError }: { conn: Connection; view: QueueView | null; onError: (message: string) => void }) {
  const [q, setQ] = useState('');
  const [tag, setTag] = useState('');
  const [helper, setHelper] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [chats, setChats] = useState<ChatSummary[] | null>(null);
  const [open, setOpen] = useState<Transcript | null>(null);
  const search = async (e?: Event) => {
    e?.preventDefault();
    const end = dayStart(to);
    try {
      const r = await conn.get('transcripts', {
        q: q.trim() || undefined,
        tag: TAG.test(tag.trim()) ? tag.trim() : undefined,
        helper: helper || undefined,
        from: dayStart(from),
        to: end === undefined ? undefined : end + 86_400_000,
        limit: 50,
      });
      setChats(r.chats as ChatSummary[]);
      onError('');
    } catch (err) {
      onError(err instanceof Error ? err.message : String(err));
    }
  };
  useEffect(() => void search(), []);
  const show = (chat: string) =>
    conn.get('transcript', { chat }).then(
      (r) => setOpen(r.transcript as Transcript),
      (err: Error) => onError(err.message),
    );
  const helperName = (id: string | null) => (id ? view?.helpers.find((h) => h.helper.id === id)?.helper.name ?? id.slice(0, 8) : '–');
  return (
    <section class="card wide" aria-labelledby="transcripts-title">
      <h2 id="transcripts-title">{t('monitor.transcripts')}</h2>
      <form class="search row" onSubmit={(e) => void search(e)} role="search" aria-label={t('monitor.search')}>
        <input type="search" aria-label={t('monitor.searchText')} placeholder={t('monitor.searchText')} value={q} maxLength={200} onInput={(e) => setQ(e.currentTarget.value)} />
        <input aria-label={t('monitor.tag')} placeholder={t('monitor.tag')} value={tag} maxLength={64} onInput={(e) => setTag(e.currentTarget.value.toLowerCase())} />
        <select aria-label={t('monitor.helper')} value={helper} onChange={(e) => setHelper(e.currentTarget.value)}>
          <option value="">{t('monitor.anyHelper')}</option>
          {view?.helpers.map((h) => (
            <option value={h.helper.id}>{h.helper.name}</option>
          ))}
        </select>
        <label class="row small">
          {t('monitor.from')}
          <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="row small">
          {t('monitor.to')}
          <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary">
          {t('monitor.searchButton')}
        </button>
      </form>
      {chats && (
        <p class="small muted" role="status">
          {t('monitor.results', { count: chats.length })}
        </p>
      )}
      {chats && chats.length > 0 && (
        <table data-testid="transcripts">
          <thead>
            <tr>
              <th scope="col">{t('monitor.queued')}</th>
              <th scope="col">{t('support.question')}</th>
              <th scope="col">{t('monitor.helper')}</th>
              <th scope="col">{t('monitor.state')}</th>
              <th scope="col">{t('support.tags')}</th>
              <th scope="col">
                <span class="sr-only">{t('monitor.transcript')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {chats.map((c) => (
              <tr key={c.id} data-chat={c.id}>
                <td>{new Date(c.queuedAt).toLocaleDateString()} {formatTime(c.queuedAt)}</td>
                <td class="quote">{c.question}</td>
                <td>{helperName(c.helperId)}</td>
                <td>
                  {c.state}
                  {c.endReason && <div class="small muted">{c.endReason}</div>}
                </td>
                <td>{c.tags.join(', ')}</td>
                <td>
                  <button type="button" class="link" onClick={() => void show(c.id)}>
                    {t('monitor.view')}
                  </button>{' '}
                  <a href={`/transcripts/${encodeURIComponent(c.id)}.html`} target="_blank" rel="noopener">
                    {t('monitor.viewPage')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <TranscriptView transcript={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

function TranscriptView({ transcript: x, onClose }: { transcript: Transcript; onClose: () => void }) {
  return (
    <article class="transcript" aria-labelledby="transcript-title" data-testid="transcript">
      <header class="row">
        <h3 id="transcript-title">{t('monitor.transcriptOf', { guest: x.guest.name, helper: x.helper?.name ?? '–' })}</h3>
        <a href={`/transcripts/${encodeURIComponent(x.chat.id)}.html`} target="_blank" rel="noopener">
          {t('monitor.viewPage')}
        </a>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </header>
      <p class="quote">{x.chat.question}</p>
      <MetadataList metadata={x.chat.metadata} />
      <dl class="metadata small">
        <dt>{t('monitor.state')}</dt>
        <dd>
          {x.chat.state}
          {x.chat.endReason ? ` · ${x.chat.endReason}` : ''}
        </dd>
        <dt>{t('support.tags')}</dt>
        <dd data-testid="transcript-tags">{x.tags.map((tag) => (tag.source === 'auto' ? `${tag.tag} (${t('tag.auto')})` : tag.tag)).join(', ') || '–'}</dd>
        <dt>{t('followup.label')}</dt>
        <dd>{x.followUp ? t('common.yes') : t('common.no')}</dd>
        <dt>{t('monitor.survey')}</dt>
        <dd data-testid="transcript-survey">{x.survey ? `${t('guest.surveyScore', { score: x.survey.rating })}${x.survey.comment ? ` · “${x.survey.comment}”` : ''}` : '–'}</dd>
        <dt>{t('monitor.participants')}</dt>
        <dd>{x.participants.map((p) => `${p.name} (${p.role}${p.hidden ? `, ${t('staff.only')}` : ''})`).join(', ')}</dd>
      </dl>
      {x.monitorActions.length > 0 && (
        <>
          <h4>{t('monitor.actions')}</h4>
          <ol class="small">
            {x.monitorActions.map((a, i) => (
              <li key={i}>
                {formatTime(a.time)} · {a.monitor.name} · {a.action}
              </li>
            ))}
          </ol>
        </>
      )}
      <h4>{t('monitor.events')}</h4>
      <Timeline events={x.events} pending={[]} meId="" hasOlder={false} label={t('monitor.events')} domId="transcript-events" onLoadOlder={() => {}} onRetry={() => {}} onDiscard={() => {}} />
    </article>
  );
}
