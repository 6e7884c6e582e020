import type { Policy } from './ast.js';
import { LineIndex } from './json.js';
import { issuePhase, wireMessage, type GrammarDialect, type GrammarIssue, type MessageArgs } from './grammarMessages.js';

/** One grammar problem found in a policy document. */
export interface PolicyGrammarError {
  /** The message the AWS service returns (IAM `MalformedPolicyDocument`, Organizations, S3, STS). */
  readonly message: string;
  /** Where in the document, e.g. `Statement[1].Condition.StringEquals`. */
  readonly path?: string;
  /** 1-based line of the offending text. */
  readonly line?: number;
  /** 1-based column of the offending text. */
  readonly column?: number;
  /** Stable code of the rule that failed. */
  readonly issue: GrammarIssue;
  /** Precise explanation in Gatehouse's own words (lowercase, no final period). */
  readonly detail: string;
  /**
   * Set only on a size error: the quota that was exceeded. AWS answers it as a quota error
   * (IAM `LimitExceeded`, Organizations `ConstraintViolationException`), not a malformed document.
   */
  readonly limit?: number;
}

/** Result of {@link parsePolicy}: the normalized policy, or every problem found (IAM's first first). */
export type ParseResult = { readonly ok: true; readonly policy: Policy } | { readonly ok: false; readonly errors: readonly PolicyGrammarError[] };

/** Cap on reported errors, so a hostile document costs bounded work to describe. */
export const MAX_GRAMMAR_ERRORS = 100;

interface Pending {
  readonly phase: number;
  readonly seq: number;
  readonly error: PolicyGrammarError;
}

/** Collects grammar errors for one document and orders them the way IAM checks. */
export class GrammarReport {
  private readonly pending: Pending[] = [];
  private lines: LineIndex | undefined;

  constructor(
    readonly dialect: GrammarDialect,
    private readonly text: string,
  ) {}

  /** Records one problem; `offset` (into the text) gives its line and column. */
  add(issue: GrammarIssue, at: { path?: string; offset?: number; detail: string; args?: MessageArgs; limit?: number }): void {
    if (this.pending.length >= MAX_GRAMMAR_ERRORS) return;
    const error: {
      -readonly [K in keyof PolicyGrammarError]: PolicyGrammarError[K];
    } = { message: wireMessage(this.dialect, issue, at.args), issue, detail: at.detail };
    if (at.path !== undefined) error.path = at.path;
    if (at.offset !== undefined) {
      this.lines ??= new LineIndex(this.text);
      const pos = this.lines.position(at.offset);
      error.line = pos.line;
      error.column = pos.column;
    }
    if (at.limit !== undefined) error.limit = at.limit;
    this.pending.push({ phase: issuePhase(issue), seq: this.pending.length, error });
  }

  /** Whether anything was recorded. */
  get failed(): boolean {
    return this.pending.length > 0;
  }

  /** The errors, in IAM's check order, document order within one check. */
  errors(): PolicyGrammarError[] {
    return [...this.pending].sort((a, b) => a.phase - b.phase || a.seq - b.seq).map((p) => p.error);
  }
}
