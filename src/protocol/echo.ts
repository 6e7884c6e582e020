/**
 * How request values appear inside error messages, in every protocol: bounded in length, and
 * with the characters XML 1.0 cannot carry written out as `\uXXXX`.
 *
 * XML 1.0 forbids most control characters (its Char production allows only tab, LF and CR below
 * U+0020), U+FFFE, U+FFFF and unpaired surrogates, even as character references. AWS's XML
 * services write them as references (`&#x7;`), which strict parsers refuse: botocore
 * ("reference to invalid character number", boto/botocore#3496) and the Java SDK
 * (aws/aws-sdk-java#3112) cannot read such a response at all. So an echoed value shows such a
 * character as the same `\u0001` escape the JSON protocol writes, and the message reads alike in
 * both; any that reach the XML writer otherwise become U+FFFD (`xmlWriter.escapeXml`).
 */

/** The longest echo of one request value, in UTF-16 code units (a name is at most 128; a policy's start is enough to recognize it). */
export const MAX_ECHO = 1024;

/** Characters XML 1.0 cannot carry. */
export const XML_UNSAFE = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A request value as an error message shows it: at most {@link MAX_ECHO} code units then `…`, XML-unsafe characters as `\uXXXX`. */
export function echo(value: string): string {
  let text = value;
  if (text.length > MAX_ECHO) {
    // Never cut a surrogate pair in two.
    const end = /[\uD800-\uDBFF]/.test(text.charAt(MAX_ECHO - 1)) ? MAX_ECHO - 1 : MAX_ECHO;
    text = `${text.slice(0, end)}…`;
  }
  XML_UNSAFE.lastIndex = 0;
  return XML_UNSAFE.test(text) ? text.replace(XML_UNSAFE, unicodeEscape) : text;
}
