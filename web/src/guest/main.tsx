import { render } from 'preact';
import { boot } from '../lib/boot.js';
import { GuestApp } from './GuestApp.js';
import './guest.css';

const params = new URLSearchParams(location.search);
const { http, me } = await boot([params.get('lang')]);
if (params.get('embed') === '1') {
  document.documentElement.classList.add('embedded');
  // Focus is inside this frame while the widget's panel is open, so its keys never reach the host page: ask the
  // widget (web/src/widget/widget.ts) to close the panel on Escape. The message carries nothing else.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !e.defaultPrevented && window.parent !== window) window.parent.postMessage({ type: 'parakeet:close' }, '*');
  });
}
render(<GuestApp http={http} initialMe={me} params={params} />, document.getElementById('app')!);
