// Message catalogues and the page language. English and Arabic; Arabic turns the page right-to-left.
import { ar } from './ar.js';
import { en, type MessageKey } from './en.js';

export type { MessageKey };
export type Locale = 'en' | 'ar';

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, ar };
const RTL = new Set<Locale>(['ar']);
export const LOCALES: Locale[] = ['en', 'ar'];
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ar: 'العربية' };
const STORAGE_KEY = 'parakeet.lang';

let current: Locale = 'en';

/** The first supported language among the candidates (BCP 47 tags such as `ar-EG`), else English. */
export function pickLocale(candidates: readonly (string | null | undefined)[]): Locale {
  for (const tag of candidates) {
    const base = tag?.toLowerCase().split('-')[0];
    if (base && base in CATALOGUES) return base as Locale;
  }
  return 'en';
}

/** The saved choice, else the browser's languages. */
export function preferredLocale(extra: readonly (string | null | undefined)[] = []): Locale {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage blocked (private mode, sandboxed frame)
  }
  return pickLocale([...extra, saved, ...navigator.languages]);
}

export function setLocale(locale: Locale, remember = false): void {
  current = locale;
  document.documentElement.lang = locale;
  document.documentElement.dir = RTL.has(locale) ? 'rtl' : 'ltr';
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // not remembered
    }
  }
}

export const locale = (): Locale => current;

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return CATALOGUES[current][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function formatTime(ms: number): string {
  return new Intl.DateTimeFormat(current, { hour: '2-digit', minute: '2-digit' }).format(ms);
}

/** A duration such as "3 min" or "40 s". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds >= 60 ? t('time.minutes', { count: Math.round(seconds / 60) }) : t('time.seconds', { count: seconds });
}
