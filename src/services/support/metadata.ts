// What a guest tells us when asking: the question and its details, bounded in size. The user agent comes from
// the request when the client does not send one, and is stored parsed as well (ua-parser-js 1.x, MIT).
import { Type, type Static } from '@sinclair/typebox';
import UAParser from 'ua-parser-js';
import type { GuestMetadata } from '../../domain/queue/index.js';
import { AppError } from '../errors.js';

const Text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

export const Question = Type.String({ minLength: 1, maxLength: 2000 });

export const MetadataArgs = Type.Object(
  {
    product: Text(100),
    version: Text(50),
    os: Text(100),
    locale: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$' })),
    userAgent: Text(512),
    addons: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
    /** Keys: 1-50 of A-Z a-z 0-9 _ . - (checked in normalizeMetadata: schema key patterns are not enforced everywhere). */
    fields: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 500 }), { maxProperties: 20 })),
    referrer: Text(2000),
  },
  { additionalProperties: false },
);
export type MetadataInput = Static<typeof MetadataArgs>;

/** The metadata as stored with the chat and shown to helpers: the queue's fields plus the parsed user agent. */
export interface StoredMetadata extends GuestMetadata {
  ua: { browser: string | null; os: string | null; device: string | null };
}

const orNull = (text: string | undefined) => (text === undefined || text.trim() === '' ? null : text.trim());
const joined = (...parts: Array<string | undefined>) => orNull(parts.filter(Boolean).join(' '));

export function parseUserAgent(userAgent: string | null): StoredMetadata['ua'] {
  if (!userAgent) return { browser: null, os: null, device: null };
  const r = new UAParser(userAgent).getResult();
  return {
    browser: joined(r.browser.name, r.browser.version),
    os: joined(r.os.name, r.os.version),
    // Desktop browsers report no device type; say so rather than leave it blank.
    device: joined(r.device.vendor, r.device.model, r.device.type) ?? (r.browser.name ? 'desktop' : null),
  };
}

const FIELD_KEY = /^[A-Za-z0-9_.-]{1,50}$/;

export function normalizeMetadata(input: MetadataInput | undefined, headerUserAgent: string | undefined): StoredMetadata {
  const m = input ?? {};
  const badKey = Object.keys(m.fields ?? {}).find((key) => !FIELD_KEY.test(key));
  if (badKey !== undefined) throw new AppError('bad_request', `metadata.fields: a key is 1-50 letters, digits or _.- (got ${JSON.stringify(badKey.slice(0, 60))})`);
  const userAgent = orNull(m.userAgent) ?? orNull(headerUserAgent?.slice(0, 512));
  return {
    product: orNull(m.product),
    version: orNull(m.version),
    os: orNull(m.os),
    locale: orNull(m.locale),
    userAgent,
    addons: [...new Set(m.addons ?? [])],
    fields: { ...(m.fields ?? {}) },
    referrer: orNull(m.referrer),
    ua: parseUserAgent(userAgent),
  };
}

/** The queue's view: the parsed user agent stays out of matching. */
export function queueMetadata({ ua: _ua, ...metadata }: StoredMetadata): GuestMetadata {
  return metadata;
}
