import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogData } from '../../server/src/catalogData';
import { createLanguageService } from '../../server/src/service/languageService';
import { warmUp } from '../../server/src/warmUp';

test('the start-up warm-up runs every hot path on its sample: four hovers come back', () => {
  assert.equal(warmUp(createLanguageService(catalogData)), 4);
});
