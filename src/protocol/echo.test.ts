import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../errors.js';
import { echo, MAX_ECHO } from './echo.js';
import { encodeError } from './protocol.js';
import { escapeXml } from './xmlWriter.js';

describe('echoed values and XML text', () => {
  it('echo bounds a value and writes what XML cannot carry as \\uXXXX', () => {
    assert.equal(echo('a\u0001b\u001f\uFFFE'), 'a\\u0001b\\u001f\\ufffe');
    assert.equal(echo('tab\tand\nnewline'), 'tab\tand\nnewline');
    assert.equal(echo('x'.repeat(MAX_ECHO + 10)), `${'x'.repeat(MAX_ECHO)}…`);
    // A surrogate pair at the cut is kept whole or dropped whole; a lone surrogate is written out.
    const emoji = `${'x'.repeat(MAX_ECHO - 1)}😀yy`;
    assert.equal(echo(emoji), `${'x'.repeat(MAX_ECHO - 1)}…`);
    assert.equal(echo('a\uD800b'), 'a\\ud800b');
    assert.equal(echo('😀'), '😀');
  });

  it('escapeXml keeps every document well-formed: XML-unsafe characters become U+FFFD', () => {
    assert.equal(escapeXml('a\u0000b\u0008c\uDC00d😀&<'), 'a\uFFFDb\uFFFDc\uFFFDd😀&amp;&lt;');
    assert.equal(escapeXml('plain'), 'plain');
    for (const service of [null, 'iam', 's3'] as const) {
      const body = encodeError(service, new ServiceError('ValidationError', 'bad \u0001\uD800 value', { Extra: '\u0002' }), 'rid').body;
      // XML 1.0's Char production: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, and the supplementary planes as pairs.
      assert.match(String(body), /^(?:[\t\n\r\u0020-\uD7FF\uE000-\uFFFD]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/, String(service));
      assert.match(String(body), /bad \uFFFD\uFFFD value/);
    }
    const json = encodeError('organizations', new ServiceError('InvalidInputException', 'bad \u0001 value'), 'rid').body;
    assert.equal((JSON.parse(String(json)) as { message: string }).message, 'bad \u0001 value');
  });

  it('an error message is bounded whatever built it', () => {
    const body = String(encodeError('iam', new ServiceError('ValidationError', 'v'.repeat(1_000_000)), 'rid').body);
    assert.ok(body.length < 70_000, `${body.length} characters`);
  });
});
