import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SERVICE_NAMES } from '../protocol/index.js';
import { descriptorOf } from '../services/index.js';
import { SMALLEST_BODY_LIMIT } from './bodyLimits.js';

test('no service refuses a body the listener lets through without identifying its service', () => {
  for (const service of SERVICE_NAMES) {
    const limit = descriptorOf(service).maxBodyBytes;
    assert.ok(limit === undefined || limit >= SMALLEST_BODY_LIMIT, `${service}: ${limit}`);
  }
});
