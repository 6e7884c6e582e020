import { describePolicy } from '../lib/policyWords.js';

/** A policy's statements in plain words. */
export function PolicySummary(props: { text: string }) {
  const { sentences, error } = describePolicy(props.text);
  if (error !== undefined) return <p class="hint">{error}</p>;
  if (sentences.length === 0) return <p class="hint">No statements: this policy allows nothing.</p>;
  return (
    <ul class="policy-words">
      {sentences.map((s, i) => (
        <li key={i}>{s}</li>
      ))}
    </ul>
  );
}
