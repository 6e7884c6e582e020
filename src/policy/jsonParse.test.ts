import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LineIndex, toPlainJson } from './json.js';
import { MAX_JSON_DEPTH, parseJson } from './jsonParse.js';

function plain(text: string): unknown {
  const r = parseJson(text);
  assert.equal(r.ok, true, r.ok ? '' : r.error.reason);
  return r.ok ? toPlainJson(r.node) : undefined;
}

function failure(text: string): { reason: string; offset: number; duplicateKey?: string } {
  const r = parseJson(text);
  assert.equal(r.ok, false, `expected ${JSON.stringify(text)} to be rejected`);
  return r.ok ? { reason: '', offset: -1 } : r.error;
}

describe('parseJson', () => {
  it('parses the same values as JSON.parse for valid documents', () => {
    for (const text of ['{"a":[1,-2.5e3,0,true,false,null,"x\\n\\u00e9\\"\\\\\\/"],"b":{}}', '  [ ]  ', '"\\ud83d\\ude00"', '-1', '1E+2']) {
      assert.deepEqual(JSON.parse(JSON.stringify(plain(text))), JSON.parse(text));
    }
  });

  it('rejects what RFC 8259 rejects', () => {
    for (const text of [
      '',
      '{',
      '{"a":1,}',
      '[1,]',
      '01',
      '1.',
      '.5',
      '+1',
      "'a'",
      '{a:1}',
      'nul',
      'truex',
      '"\t"',
      '"\\x"',
      '"\\u12"',
      '{"a" 1}',
      '[1 2]',
      '{} {}',
      '/*c*/{}',
      'NaN',
    ]) {
      failure(text);
    }
  });

  it('reports a repeated key with its offset', () => {
    const e = failure('{"a":1,\n "a":2}');
    assert.equal(e.duplicateKey, 'a');
    assert.equal(e.offset, 9);
  });

  it('accepts exactly MAX_JSON_DEPTH levels of nesting and no more', () => {
    plain('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH));
    const e = failure('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1));
    assert.match(e.reason, /nesting/);
  });

  it('keeps `__proto__` as an own key', () => {
    const value = plain('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('handles a long flat document in linear time', () => {
    const big = `[${'"abcdefgh",'.repeat(200_000)}1]`;
    const started = performance.now();
    assert.equal(parseJson(big).ok, true);
    assert.ok(performance.now() - started < 2000);
  });
});

describe('LineIndex', () => {
  it('maps offsets to 1-based lines and columns across LF, CR and CRLF', () => {
    const index = new LineIndex('ab\ncd\r\nef\rg');
    assert.deepEqual(index.position(0), { line: 1, column: 1 });
    assert.deepEqual(index.position(4), { line: 2, column: 2 });
    assert.deepEqual(index.position(7), { line: 3, column: 1 });
    assert.deepEqual(index.position(10), { line: 4, column: 1 });
  });
});
