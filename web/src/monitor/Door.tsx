// The queue's door: its state and reason, and open / drain / close with a message for guests.
import { useState } from 'preact/hooks';
import { formatTime, t } from '../i18n/index.js';
import type { QueueView } from '../lib/support-types.js';

export function Door({ status, onSet }: { status: QueueView['status'] | null; onSet: (command: string, reason: string) => void }) {
  const [reason, setReason] = useState('');
  return (
    <section class="card" aria-labelledby="door-title">
      <h2 id="door-title">{t('monitor.queueState')}</h2>
      {status && (
        <p data-testid="door" role="status">
          <strong>{status.state}</strong>
          {status.reason && ` · ${status.reason}`}
          {status.message && ` · ${status.message}`}
          {status.comeBackAt ? ` · ${formatTime(status.comeBackAt)}` : ''}
        </p>
      )}
      <div class="row">
        <input aria-label={t('monitor.message')} placeholder={t('monitor.message')} maxLength={1000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        <button type="button" onClick={() => onSet('support_queue_open', reason)}>
          {t('monitor.open')}
        </button>
        <button type="button" onClick={() => onSet('support_queue_drain', reason)}>
          {t('monitor.drain')}
        </button>
        <button type="button" class="danger" onClick={() => onSet('support_queue_close', reason)}>
          {t('monitor.close')}
        </button>
      </div>
    </section>
  );
}
