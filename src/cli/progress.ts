/**
 * A progress bar on standard error, drawn only when it is a terminal (so logs and pipes stay
 * clean), redrawn at most ten times a second.
 */
export class Progress {
  readonly #enabled: boolean;
  #last = 0;
  #shown = false;

  constructor(enabled = process.stderr.isTTY === true) {
    this.#enabled = enabled;
  }

  /** Shows `label` with `done` of `total` (a bar when `total` is known). */
  update(label: string, done: number, total: number): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (now - this.#last < 100 && done < total) return;
    this.#last = now;
    const width = 24;
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    const bar = total > 0 ? `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.floor((done / Math.max(total, 1)) * 100)).padStart(3)}% ` : '';
    process.stderr.write(`\r\u001b[K${bar}${label}${total > 0 ? ` ${done}/${total}` : ''}`);
    this.#shown = true;
  }

  /** Clears the bar. */
  done(): void {
    if (this.#enabled && this.#shown) process.stderr.write('\r\u001b[K');
    this.#shown = false;
  }
}
