// What every page does first: theme, language, the stylesheet order, and who is signed in.
import { preferredLocale, setLocale } from '../i18n/index.js';
import '../styles/tokens.css';
import '../styles/base.css';
import '../styles/chat.css';
import { Http } from './http.js';
import { applyTheme, savedTheme } from './theme.js';
import type { Me } from './types.js';

export async function boot(extraLocales: readonly (string | null | undefined)[] = []): Promise<{ http: Http; me: Me | null; error?: string }> {
  applyTheme(savedTheme());
  setLocale(preferredLocale(extraLocales));
  const http = new Http();
  try {
    return { http, me: await http.me() };
  } catch (error) {
    return { http, me: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Where a stream should start: `?transport=sse|longpoll` forces a transport (diagnostics and tests). */
export function transportFromUrl(): 'websocket' | 'sse' | 'longpoll' {
  const forced = new URLSearchParams(location.search).get('transport');
  return forced === 'sse' || forced === 'longpoll' ? forced : 'websocket';
}
