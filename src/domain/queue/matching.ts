// Whether a helper's skills fit a guest's request. Used before the fallback delay; after it, any
// eligible helper will do.
import type { GuestMetadata, HelperSkills } from './types.js';

function norm(tag: string): string {
  return tag.trim().toLowerCase().replace(/_/g, '-');
}

/** Same tag, or one side is the bare language of the other ('de' covers 'de-AT', not 'de-AT' for 'de-CH'). */
export function localeCovers(helperLocale: string, guestLocale: string): boolean {
  const h = norm(helperLocale);
  const g = norm(guestLocale);
  if (h === g) return true;
  const hLang = h.split('-')[0];
  const gLang = g.split('-')[0];
  return hLang === gLang && (h === hLang || g === gLang);
}

export function helperMatches(skills: HelperSkills, guest: { metadata: GuestMetadata; tags: string[] }): boolean {
  const { locale, product } = guest.metadata;
  if (locale && skills.locales.length > 0 && !skills.locales.some((l) => localeCovers(l, locale))) return false;
  if (product && skills.products.length > 0 && !skills.products.some((p) => norm(p) === norm(product))) return false;
  const tags = new Set(skills.tags.map(norm));
  return guest.tags.every((t) => tags.has(norm(t)));
}
