import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import type { Connection } from '../lib/connection.js';

/** Says plainly when the page is not connected, and when it tries again. Silent while online. */
export function ConnectionBanner({ conn }: { conn: Connection }) {
  const [, tick] = useState(0);
  useEffect(() => conn.onState(() => tick((n) => n + 1)), [conn]);
  useEffect(() => {
    if (conn.state !== 'offline') return;
    const timer = window.setInterval(() => tick((n) => n + 1), 1000);
    return () => window.clearInterval(timer);
  }, [conn.state]);
  let text = '';
  if (conn.state === 'connecting') text = t('conn.connecting');
  else if (conn.state === 'signed_out') text = t('conn.signedOut');
  else if (conn.state === 'offline') {
    const seconds = Math.ceil((conn.retryAt - Date.now()) / 1000);
    text = seconds > 0 ? t('conn.offline', { seconds }) : t('conn.offlineNow');
  }
  return (
    <div role="status" class={text ? 'banner' : 'sr-only'} data-connection={conn.state}>
      {text || t('conn.online')}
      {conn.state === 'offline' && (
        <button type="button" onClick={conn.reconnect}>
          {t('conn.retry')}
        </button>
      )}
    </div>
  );
}
