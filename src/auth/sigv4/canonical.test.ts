import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalHeaderValue, canonicalHeaders, canonicalQuery, canonicalUri, normalizePath, parseQuery, percentDecode, uriEncode } from './canonical.js';

describe('canonical URI', () => {
  const cases: Array<[string, string, string]> = [
    // [wire path, non-S3 canonical, S3 canonical]
    ['', '/', '/'],
    ['/', '/', '/'],
    ['/a%20b/c', '/a%2520b/c', '/a%20b/c'],
    ['/bucket/a%2Fb', '/bucket/a%252Fb', '/bucket/a%2Fb'],
    ['/bucket/%7euser', '/bucket/%257euser', '/bucket/~user'],
    ['/b/k%E1%88%B4', '/b/k%25E1%2588%25B4', '/b/k%E1%88%B4'],
    ['/b/./k/../j/', '/b/j/', '/b/./k/../j/'],
    ['//b//k', '/b/k', '//b//k'],
    ['/b/a+b$', '/b/a%2Bb%24', '/b/a%2Bb%24'],
    ['/b/100%', '/b/100%25', '/b/100%25'],
  ];
  for (const [wire, normal, s3] of cases) {
    it(`${JSON.stringify(wire)} → ${normal} | S3 ${s3}`, () => {
      assert.equal(canonicalUri(wire, false), normal);
      assert.equal(canonicalUri(wire, true), s3);
    });
  }
  it('normalises dot segments and keeps a trailing slash', () => {
    assert.equal(normalizePath('/example1/example2/../..'), '/');
    assert.equal(normalizePath('/a/b/..'), '/a');
    assert.equal(normalizePath('/./example'), '/example');
    assert.equal(normalizePath('/a/b/../c/'), '/a/c/');
  });
});

describe('canonical query', () => {
  it('decodes and re-encodes names and values, sorting by name then value', () => {
    const params = parseQuery('b=2&a=%7e&a=1&c&%E1%88%B4=x&d=a+b&e=%zz&=v&&f=');
    assert.equal(canonicalQuery(params, new Set()), '=v&%E1%88%B4=x&a=1&a=~&b=2&c=&d=a%2Bb&e=%25zz&f=');
  });
  it('leaves out excluded parameters', () => {
    assert.equal(canonicalQuery(parseQuery('X-Amz-Signature=abc&A=1'), new Set(['X-Amz-Signature'])), 'A=1');
  });
});

describe('canonical headers', () => {
  it('folds multi-line values (get-header-value-multiline, unit level only)', () => {
    assert.equal(canonicalHeaderValue('value1\n  value2\n     value3'), 'value1 value2 value3');
  });
  it('trims and collapses runs of spaces, also inside quotes', () => {
    assert.equal(canonicalHeaderValue('  "a   b   c"  '), '"a b c"');
  });
  it('joins repeated headers with a comma, in order, and renders absent signed headers empty', () => {
    assert.equal(
      canonicalHeaders({ 'my-header1': ['value2', ' value2', 'value1 '], host: 'h' }, ['host', 'my-header1', 'x-missing']),
      'host:h\nmy-header1:value2,value2,value1\nx-missing:\n',
    );
  });
});

describe('encoding primitives', () => {
  it('uriEncode encodes every byte outside the unreserved set', () => {
    assert.equal(uriEncode("!'()*", false), '%21%27%28%29%2A');
    assert.equal(uriEncode('a/b', false), 'a%2Fb');
    assert.equal(uriEncode('a/b', true), 'a/b');
  });
  it('percentDecode keeps a stray % and a literal +', () => {
    assert.equal(percentDecode('%41%4a%zz%4+%').toString('latin1'), 'AJ%zz%4+%');
  });
});
