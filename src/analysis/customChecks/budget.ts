/**
 * A bound on the work one custom policy check may do. Every comparison of patterns, values or
 * regions spends units in proportion to its cost (a wildcard comparison spends the product of the
 * two patterns' lengths); once the budget is spent, the check stops deciding and answers FAIL for
 * what it has not proved, which is sound (AWS: a FAIL result means the policy "might allow" the
 * access). Hostile input (long patterns with many `*`, thousands of statements, 100 × 100 access
 * lists) therefore costs bounded time whatever its shape.
 */
export class Budget {
  private left: number;

  constructor(readonly units: number = DEFAULT_BUDGET_UNITS) {
    this.left = units;
  }

  /** Spends `units`; throws {@link BudgetExhausted} when none are left. */
  spend(units: number): void {
    this.left -= units;
    if (this.left < 0) throw new BudgetExhausted();
  }

  get exhausted(): boolean {
    return this.left < 0;
  }
}

/**
 * Units a check may spend: a few hundred milliseconds of work at most on this machine class
 * (a wildcard comparison cell costs a few nanoseconds; a region comparison a few hundred).
 */
export const DEFAULT_BUDGET_UNITS = 20_000_000;

/** Thrown when a {@link Budget} is spent; the caller answers "might allow" for what is undecided. */
export class BudgetExhausted extends Error {
  constructor() {
    super('the work budget of the check is spent');
    this.name = 'BudgetExhausted';
  }
}
