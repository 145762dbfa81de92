// A transcript as a standalone HTML page for people: every value escaped (the stored message HTML is not reused),
// no scripts, no external resources. The route adds a Content-Security-Policy that forbids scripts as well.
import { escapeHtml as esc } from '../markup/escape.js';
import type { DurableEvent } from '../events.js';
import type { Transcript } from './transcript.js';

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#222}
dt{font-weight:600}dd{margin:0 0 .5rem 1rem;white-space:pre-wrap}.ev{margin:.25rem 0;white-space:pre-wrap}
.staff{background:#fff6d5}.meta{color:#666;font-size:.85em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}`;

/** ISO 8601 in UTC: the reader's zone is unknown and the page must not depend on script. */
const time = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));

function metadataRows(metadata: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(metadata).flatMap(([key, value]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return metadataRows(value as Record<string, unknown>, name);
    const text = Array.isArray(value) ? value.map(String).join(', ') : value === null || value === undefined ? '' : String(value);
    return [`<tr><th>${esc(name)}</th><td>${esc(text)}</td></tr>`];
  });
}

function eventLine(e: DurableEvent): string {
  const staff = e.audience === 'staff';
  let text: string;
  switch (e.type) {
    case 'message': {
      const kind = e.payload.note ? 'note' : staff ? 'whisper' : e.payload.to ? `to ${e.payload.to.name}` : '';
      text = `<b>${esc(e.payload.author.name)}</b>${kind ? ` <i>(${esc(kind)})</i>` : ''}: ${esc(e.payload.body)}`;
      break;
    }
    case 'join':
      text = `${esc(e.payload.user.name)} joined as ${esc(e.payload.role)}${staff ? ' <i>(seen by staff only)</i>' : ''}`;
      break;
    case 'part':
      text = `${esc(e.payload.user.name)} left`;
      break;
    case 'topic':
      text = `${esc(e.payload.user.name)} set the topic: ${esc(e.payload.topic)}`;
      break;
    case 'role':
      text = `${esc(e.payload.user.name)} made ${esc(e.payload.target.name)} ${esc(e.payload.role)}`;
      break;
    case 'kick':
    case 'ban':
      text = `${esc(e.payload.user.name)} ${e.type === 'kick' ? 'removed' : 'banned'} ${esc(e.payload.target.name)}${e.payload.reason ? `: ${esc(e.payload.reason)}` : ''}`;
      break;
    case 'invite':
    case 'unban':
      text = `${esc(e.payload.user.name)} ${e.type === 'invite' ? 'invited' : 'unbanned'} ${esc(e.payload.target.name)}`;
      break;
  }
  return `<p class="ev${staff ? ' staff' : ''}"><span class="meta">${esc(time(e.time))}</span> ${text}</p>`;
}

export function renderTranscriptHtml(t: Transcript): string {
  const c = t.chat;
  const field = (name: string, value: string) => `<dt>${esc(name)}</dt><dd>${esc(value)}</dd>`;
  const survey = t.survey ? `${t.survey.rating}/5${t.survey.comment ? ` — ${t.survey.comment}` : ''}` : '—';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<title>Support chat ${esc(c.id)}</title><style>${STYLE}</style></head>
<body>
<h1>Support chat ${esc(c.id)}</h1>
<dl>
${field('Question', c.question)}
${field('Guest', t.guest.name)}
${field('Helper', t.helper?.name ?? '—')}
${field('State', c.endReason ? `${c.state} (${c.endReason})` : c.state)}
${field('Queued', time(c.queuedAt))}
${field('Assigned', time(c.assignedAt))}
${field('Ended', time(c.endedAt))}
${field('Tags', t.tags.map((x) => (x.source === 'auto' ? `${x.tag} (auto)` : x.tag)).join(', ') || '—')}
${field('Needs follow-up', t.followUp ? 'yes' : 'no')}
${field('Survey', survey)}
</dl>
<h2>Details</h2>
<table>${metadataRows(c.metadata).join('')}</table>
<h2>Participants</h2>
<ul>${t.participants.map((p) => `<li>${esc(p.name)} (${esc(p.role)}${p.hidden ? ', not seen by the guest' : ''})</li>`).join('')}</ul>
<h2>Monitor actions</h2>
<ul>${t.monitorActions.map((a) => `<li>${esc(time(a.time))} ${esc(a.monitor.name)}: ${esc(a.action)}${Object.keys(a.detail).length ? ` ${esc(JSON.stringify(a.detail))}` : ''}</li>`).join('') || '<li>none</li>'}</ul>
<h2>Conversation</h2>
${t.events.map(eventLine).join('\n')}
</body></html>
`;
}
