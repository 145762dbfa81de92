// The helper's support desk: duty status and own chat limit, incoming offers with the guest's question, details
// and a countdown to accept or decline, and the waiting line to pick a guest by hand.
import { useEffect, useState } from 'preact/hooks';
import { formatDuration, t, type MessageKey } from '../i18n/index.js';
import { useObservable } from '../lib/observable.js';
import type { SupportStore } from '../lib/support-store.js';
import type { Metadata, Offer } from '../lib/support-types.js';

const DUTY = ['available', 'away', 'busy', 'offline'] as const;

export function SupportPanel({ support, meId, onOpenRoom }: { support: SupportStore; meId: string; onOpenRoom: (room: string) => void }) {
  useObservable(support);
  const [chosen, setDuty] = useState<(typeof DUTY)[number] | null>(null);
  const [error, setError] = useState('');
  const mine = support.view?.helpers.find((h) => h.helper.id === meId);
  // The real status from the queue's view until the helper picks one (the queue forgets nobody: offline by default).
  const duty = chosen ?? ((DUTY as readonly string[]).includes(mine?.status ?? '') ? (mine!.status as (typeof DUTY)[number]) : 'offline');
  const act = async (name: string, args: Record<string, unknown> = {}) => setError(await support.run(name, args));
  /** Accept or pick: the chat's room opens at once. */
  const take = async (name: string, args: Record<string, unknown> = {}) => {
    const { error: failed, result } = await support.runFor(name, args);
    setError(failed);
    if (typeof result?.room === 'string') onOpenRoom(result.room);
  };
  const accept = (offer: Offer) => take('support_accept', { offer: offer.offer });
  return (
    <section class="support" aria-labelledby="support-title">
      <h2 id="support-title">{t('support.title')}</h2>
      <div class="row">
        <label class="row small">
          {t('status.label')}
          <select value={duty} data-testid="duty" disabled={!support.view} onChange={(e) => {
              const value = e.currentTarget.value as (typeof DUTY)[number];
              setDuty(value);
              void act('support_status', { status: value }).then(() => setDuty(null));
            }}>
            {DUTY.map((d) => (
              <option value={d}>{t(`duty.${d}` as MessageKey)}</option>
            ))}
          </select>
        </label>
        <label class="row small">
          {t('limit.label')}
          <input
            type="number"
            min={0}
            max={mine?.max ?? 50}
            style={{ width: '4.5rem' }}
            value={mine?.limit ?? ''}
            onChange={(e) => void act('support_limit', { limit: Number(e.currentTarget.value) })}
          />
        </label>
      </div>
      {error && <p class="error small" role="alert">{error}</p>}
      {support.offers.map((o) => (
        <OfferCard key={o.offer} offer={o} onAccept={() => void accept(o)} onReject={() => void act('support_reject', { offer: o.offer })} />
      ))}
      <h3>
        {t('support.queue')} ({support.view?.waiting.length ?? 0})
      </h3>
      <button type="button" onClick={() => void take('support_assist_next')} disabled={!support.view?.waiting.length}>
        {t('support.assistNext')}
      </button>
      <ul class="people-list">
        {support.view?.waiting.map((w) => (
          <li key={w.guest.id} class="small">
            <strong>{w.guest.name}</strong> · {formatDuration(w.waitedMs)}
            <div class="quote">{w.question}</div>
            <button type="button" class="link" onClick={() => void take('support_assist', { guest: w.guest.id })}>
              {t('support.assist')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function OfferCard({ offer, onAccept, onReject }: { offer: Offer; onAccept: () => void; onReject: () => void }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.ceil((offer.expiresAt - now) / 1000));
  return (
    <article class="card offer" aria-labelledby={`offer-${offer.offer}`} role="alert">
      <h3 id={`offer-${offer.offer}`}>
        {t('support.offer')}: {offer.guest.name}
      </h3>
      {offer.transfer && (
        <p class="small">
          {offer.transfer.from.name}: {offer.transfer.comment}
        </p>
      )}
      <p class="quote">{offer.question}</p>
      <MetadataList metadata={offer.metadata} />
      <p class="small muted">{t('support.expires', { seconds })}</p>
      <div class="row">
        <button type="button" class="primary" onClick={onAccept}>
          {t('support.accept')}
        </button>
        <button type="button" onClick={onReject}>
          {t('support.reject')}
        </button>
      </div>
    </article>
  );
}

export function MetadataList({ metadata }: { metadata: Metadata }) {
  const rows: Array<[string, string | null | undefined]> = [
    [t('guest.product'), metadata.product],
    [t('guest.version'), metadata.version],
    [t('guest.os'), metadata.os ?? metadata.ua?.os],
    [t('support.browser'), metadata.ua?.browser],
    [t('guest.addons'), metadata.addons?.join(', ')],
    [t('support.page'), metadata.referrer],
  ];
  return (
    <dl class="metadata small">
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
    </dl>
  );
}
