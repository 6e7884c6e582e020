import { useEffect, useRef, useState } from 'preact/hooks';
import { ValidatePolicyCommand, type ValidatePolicyFinding } from '@aws-sdk/client-accessanalyzer';
import { accessAnalyzer } from '../api/accessAnalyzer.js';
import { describeFailure, type AwsFailure } from '../api/aws.js';
import { ErrorNotice } from './notices.js';
import { PolicySummary } from './policySummary.js';

/** A finding's first span as offsets into the document. */
function spanOf(f: ValidatePolicyFinding): { start: number; end: number } | undefined {
  const span = f.locations?.[0]?.span;
  if (span?.start?.offset === undefined || span.end?.offset === undefined) return undefined;
  return { start: span.start.offset, end: Math.max(span.end.offset, span.start.offset + 1) };
}

/** The document cut into plain and underlined pieces, one underline per finding span (the first wins where they overlap). */
function pieces(text: string, findings: readonly ValidatePolicyFinding[]) {
  const spans: { start: number; end: number; type: string; index: number }[] = [];
  findings.forEach((f, index) => {
    const span = spanOf(f);
    if (span !== undefined) spans.push({ ...span, type: String(f.findingType ?? 'ERROR'), index });
  });
  spans.sort((a, b) => a.start - b.start);
  const out: { text: string; type?: string; index?: number }[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    if (s.start > at) out.push({ text: text.slice(at, s.start) });
    out.push({ text: text.slice(s.start, Math.min(s.end, text.length)), type: s.type, index: s.index });
    at = Math.min(s.end, text.length);
  }
  out.push({ text: `${text.slice(at)} ` });
  return out;
}

const SEVERITY: Record<string, string> = { ERROR: 'error', SECURITY_WARNING: 'error', WARNING: 'warning', SUGGESTION: '' };
const LABEL: Record<string, string> = { ERROR: 'Error', SECURITY_WARNING: 'Security warning', WARNING: 'Warning', SUGGESTION: 'Suggestion' };

/**
 * A policy document editor that runs IAM Access Analyzer's ValidatePolicy as you type and
 * underlines each finding where its `locations` span says, with the finding list beside it and
 * the policy's effect in plain words.
 */
export function PolicyEditor(props: {
  value: string;
  onInput: (value: string) => void;
  policyType?: 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY';
  label: string;
  onFindings?: (findings: readonly ValidatePolicyFinding[]) => void;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const layer = useRef<HTMLDivElement>(null);
  const [findings, setFindings] = useState<readonly ValidatePolicyFinding[]>([]);
  const [checked, setChecked] = useState<string | undefined>();
  const [failure, setFailure] = useState<AwsFailure | undefined>();
  useEffect(() => {
    const text = props.value;
    const timer = setTimeout(async () => {
      try {
        const out = await accessAnalyzer().send(new ValidatePolicyCommand({ policyDocument: text, policyType: props.policyType ?? 'IDENTITY_POLICY' }));
        setFindings(out.findings ?? []);
        setFailure(undefined);
        props.onFindings?.(out.findings ?? []);
      } catch (err) {
        setFailure(describeFailure(err));
      }
      setChecked(text);
    }, 350);
    return () => clearTimeout(timer);
  }, [props.value, props.policyType]);
  const current = checked === props.value ? findings : findings;
  const go = (f: ValidatePolicyFinding) => {
    const span = spanOf(f);
    if (span === undefined || area.current === null) return;
    area.current.focus();
    area.current.setSelectionRange(span.start, span.end);
  };
  return (
    <div class="two-col">
      <div>
        <label for="policy-document">{props.label}</label>
        <div class="editor">
          <div class="layer" ref={layer} aria-hidden="true">
            {pieces(props.value, current).map((p, i) =>
              p.type === undefined ? (
                p.text
              ) : (
                <mark key={i} class={p.type} data-finding={p.index}>
                  {p.text}
                </mark>
              ),
            )}
          </div>
          <textarea
            id="policy-document"
            ref={area}
            spellcheck={false}
            autoCapitalize="off"
            autoComplete="off"
            aria-describedby="policy-findings"
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
            onScroll={(e) => {
              if (layer.current !== null) layer.current.scrollTop = e.currentTarget.scrollTop;
            }}
          />
        </div>
        <p class="hint">Findings are checked as you type by IAM Access Analyzer's ValidatePolicy, and underlined where they are.</p>
      </div>
      <div>
        <h2 id="policy-findings-heading">Findings</h2>
        <div id="policy-findings" aria-live="polite">
          {failure !== undefined ? (
            <ErrorNotice error={failure} what="validate the policy" />
          ) : current.length === 0 ? (
            <p class="badge ok">{checked === undefined ? 'Checking…' : 'No findings'}</p>
          ) : (
            <ul class="findings">
              {current.map((f, i) => (
                <li key={i}>
                  <span class={`badge ${SEVERITY[f.findingType ?? 'ERROR'] ?? ''}`}>{LABEL[f.findingType ?? 'ERROR'] ?? f.findingType}</span>{' '}
                  <code>{f.issueCode}</code>
                  <p>{f.findingDetails}</p>
                  <span class="inline">
                    {spanOf(f) !== undefined && (
                      <button type="button" onClick={() => go(f)}>
                        Show in the document
                      </button>
                    )}
                    {f.learnMoreLink !== undefined && (
                      <a href={f.learnMoreLink} target="_blank" rel="noreferrer noopener">
                        Learn more about {f.issueCode}
                      </a>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <h2>In plain words</h2>
        <PolicySummary text={props.value} />
      </div>
    </div>
  );
}
