// In line: the place and the estimated wait, counting down between the server's updates.
import { useEffect, useState } from 'preact/hooks';
import { formatDuration, t } from '../i18n/index.js';

interface Props {
  position: number | null;
  waitMs: number | null;
  since: number;
  offered: boolean;
  onLeave: () => void;
}

export function Waiting({ position, waitMs, since, offered, onLeave }: Props) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = waitMs === null ? null : Math.max(0, waitMs - (now - since));
  return (
    <section class="card waiting" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{offered ? t('guest.offered') : position ? t('guest.position', { position }) : t('common.loading')}</h2>
      {!offered && left !== null && <p data-testid="wait">{t('guest.wait', { time: formatDuration(left) })}</p>}
      <div class="spinner" aria-hidden="true" />
      <button type="button" onClick={onLeave}>
        {t('guest.leave')}
      </button>
    </section>
  );
}
