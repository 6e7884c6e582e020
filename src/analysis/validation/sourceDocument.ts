import type { SourceMember, SourceNode, TextRange } from './sourceJson.js';
import type { Location, PathElement, Position, Span } from './types.js';

/**
 * The submitted text and a way to turn offsets into AWS's positions. AWS: the Position shape of
 * the service model — `line` starts from 1, `column` from 0, `offset` from 0; lines break at LF
 * (a CR before it belongs to the line it ends).
 */
export class SourceDocument {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  /** The position of an offset (clamped to the text). */
  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - starts[lo]!, offset: at };
  }

  /** The span of a range. */
  span(range: TextRange): Span {
    return { start: this.position(range.start), end: this.position(range.end) };
  }

  /** A location: the path and the span of `range`. */
  at(path: readonly PathElement[], range: TextRange): Location {
    return { path, span: this.span(range) };
  }

  /** The location of an object member's key (path ends with `{key}`). */
  keyOf(parentPath: readonly PathElement[], member: SourceMember): Location {
    return this.at([...parentPath, { key: member.key }], member.keyRange);
  }

  /**
   * The location of part of a string value (path ends with `{substring}`). When the literal has
   * escapes, the span covers the whole literal, since decoded and written offsets differ.
   */
  substringOf(path: readonly PathElement[], node: SourceNode, start: number, length: number): Location {
    const fullPath = [...path, { substring: { start, length } }];
    if (node.kind === 'string' && node.end - node.start === node.value.length + 2) {
      return this.at(fullPath, { start: node.start + 1 + start, end: node.start + 1 + start + length });
    }
    return this.at(fullPath, node);
  }

  private lineStarts(): number[] {
    if (this.starts === undefined) {
      const starts = [0];
      const t = this.text;
      for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }
}
