import { useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n/index.js';
import type { ChatStore } from '../lib/chat-store.js';

const CHOICES = ['online', 'away', 'busy'] as const;

/** The helper's own presence, pushed to everyone sharing a room (status command). */
export function StatusControl({ store }: { store: ChatStore }) {
  const [status, setStatus] = useState<(typeof CHOICES)[number]>('online');
  const [error, setError] = useState('');
  const change = async (value: (typeof CHOICES)[number]) => {
    setStatus(value);
    try {
      await store.conn.post('status', { status: value });
      setError('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <label class="row">
      {t('status.label')}
      <select value={status} onChange={(e) => void change(e.currentTarget.value as (typeof CHOICES)[number])} data-testid="my-status">
        {CHOICES.map((s) => (
          <option value={s}>{t(`status.${s}` as MessageKey)}</option>
        ))}
      </select>
      {error && <span class="error small">{error}</span>}
    </label>
  );
}
