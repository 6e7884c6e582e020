import assert from 'node:assert/strict';

/**
 * Asserts that an SDK call fails with AWS error `code` (the SDK's error name), HTTP `status`
 * (400 unless given), and, when given, the message (exact text or pattern) and the `Reason`
 * member that Organizations' errors carry.
 */
export async function rejects(
  promise: Promise<unknown>,
  code: string,
  extra: { status?: number; message?: string | RegExp; reason?: string } = {},
): Promise<void> {
  try {
    await promise;
  } catch (err) {
    const e = err as Error & { name: string; Reason?: string; $metadata?: { httpStatusCode?: number } };
    assert.equal(e.name, code, e.message);
    assert.equal(e.$metadata?.httpStatusCode, extra.status ?? 400);
    if (typeof extra.message === 'string') assert.equal(e.message, extra.message);
    else if (extra.message !== undefined) assert.match(e.message, extra.message);
    if (extra.reason !== undefined) assert.equal(e.Reason, extra.reason);
    return;
  }
  assert.fail(`expected ${code}`);
}
