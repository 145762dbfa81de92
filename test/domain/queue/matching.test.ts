import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helperMatches, localeCovers } from '../../../src/domain/queue/matching.js';
import { metadata } from './fixtures.js';

const skills = (locales: string[], products: string[] = [], tags: string[] = []) => ({ locales, products, tags });
const guest = (locale: string | null, product: string | null = null, tags: string[] = []) => ({ metadata: metadata({ locale, product }), tags });

test('a bare language covers its regions; regions do not cover each other', () => {
  assert.equal(localeCovers('de', 'de-AT'), true);
  assert.equal(localeCovers('de-AT', 'de'), true);
  assert.equal(localeCovers('pt_BR', 'pt-br'), true);
  assert.equal(localeCovers('pt-PT', 'pt-BR'), false);
  assert.equal(localeCovers('en', 'de'), false);
});

test('locale, product and tags must all fit; empty helper lists and unknown guest fields match anything', () => {
  assert.equal(helperMatches(skills(['en', 'fr']), guest('fr-CA')), true);
  assert.equal(helperMatches(skills(['en']), guest('fr')), false);
  assert.equal(helperMatches(skills([]), guest('fr')), true);
  assert.equal(helperMatches(skills(['en']), guest(null)), true);
  assert.equal(helperMatches(skills([], ['Firefox']), guest(null, 'firefox')), true);
  assert.equal(helperMatches(skills([], ['firefox']), guest(null, 'thunderbird')), false);
  assert.equal(helperMatches(skills([], [], ['sync', 'Privacy']), guest(null, null, ['privacy'])), true);
  assert.equal(helperMatches(skills([], [], []), guest(null, null, ['privacy'])), false, 'tags are requirements');
});
