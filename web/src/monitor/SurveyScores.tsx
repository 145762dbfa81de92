// Survey scores over time from the data that exists: the newest support chats (`transcripts`), and for those that
// ended, their survey answer (`transcript`). Read when the page opens and on "Refresh".
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import type { Connection } from '../lib/connection.js';
import type { ChatSummary, Transcript } from '../lib/staff-types.js';
import { RatingChart, type Rating } from './charts.js';

const CHATS = 100;
const READ = 40;

export function SurveyScores({ conn }: { conn: Connection }) {
  const [ratings, setRatings] = useState<Rating[] | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    try {
      const { chats } = (await conn.get('transcripts', { limit: CHATS })) as { chats: ChatSummary[] };
      const ended = chats.filter((c) => c.state === 'ended' && c.assignedAt !== null).slice(0, READ);
      const answers = await Promise.all(ended.map((c) => conn.get('transcript', { chat: c.id }).then((r) => (r.transcript as Transcript).survey, () => null)));
      setRatings(answers.flatMap((a) => (a ? [{ time: a.time, rating: a.rating }] : [])));
      setError('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  useEffect(() => void load(), []);
  return (
    <div>
      {ratings === null ? <p class="small muted">{error || t('common.loading')}</p> : <RatingChart title={t('monitor.chartSurvey')} ratings={ratings} />}
      <button type="button" onClick={() => void load()}>
        {t('monitor.refresh')}
      </button>
    </div>
  );
}
