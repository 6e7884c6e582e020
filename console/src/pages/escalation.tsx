import { getAccountPosture, type EscalationPath, type PostureFinding } from '../api/posture.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { Page, Panel } from '../components/page.js';
import { useAws } from '../lib/useAws.js';

/** An ARN's last part (`user/dev`, `role/admin`), as a box of the graph shows it. */
function shortName(arn: string): string {
  const name = arn.slice(arn.lastIndexOf(':') + 1);
  return name.length > 30 ? `…${name.slice(-29)}` : name;
}

/**
 * One escalation path drawn as a chain of boxes: the principal, then whom each step makes it act
 * as (the same principal, made an administrator, for a self-escalation), the step's technique and
 * first action on the arrow. The administrator reached has a red border.
 */
function PathGraph(props: { path: EscalationPath; title: string; id: string }) {
  const { path } = props;
  const nodes = [shortName(path.source), ...path.steps.map((s) => (s.makesAdministrator ? `${shortName(s.to)} (admin)` : shortName(s.to)))];
  const width = 230;
  const gap = 150;
  const total = nodes.length * width + (nodes.length - 1) * gap;
  return (
    <svg viewBox={`0 0 ${total} 110`} role="img" aria-label={`${props.title}: ${nodes.join(' → ')}`}>
      <defs>
        <marker id={`arrow-${props.id}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" />
        </marker>
      </defs>
      {nodes.map((n, i) => (
        <g key={`${n}-${i}`} class={`node${i === nodes.length - 1 ? ' target' : ''}`} transform={`translate(${i * (width + gap)}, 40)`}>
          <rect width={width} height={44} rx={6} />
          <text x={10} y={27}>
            {n}
          </text>
        </g>
      ))}
      {path.steps.map((s, i) => {
        const x = (i + 1) * width + i * gap;
        return (
          <g key={`${s.technique}-${i}`}>
            <path class="edge" d={`M ${x} 62 L ${x + gap - 2} 62`} marker-end={`url(#arrow-${props.id})`} />
            <text x={x + 6} y={24}>
              {s.technique}
            </text>
            <text x={x + 6} y={104}>
              {(s.actions[0]?.action ?? '').slice(0, 24)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function PathFinding(props: { finding: PostureFinding; index: number }) {
  const f = props.finding;
  const path = f.path!;
  return (
    <article class="escalation" aria-labelledby={`path-${props.index}`}>
      <h3 id={`path-${props.index}`}>
        <span class={`badge ${f.severity === 'low' ? '' : f.severity === 'medium' ? 'warning' : 'error'}`}>{f.severity.toUpperCase()}</span> {f.title}
      </h3>
      <p>{f.reason}</p>
      <figure class="graph">
        <PathGraph path={path} title={f.title} id={String(props.index)} />
        <figcaption>
          {path.conditional ? 'Only if a service that accepts the passed role exists. ' : ''}
          {path.mfaRequired ? 'Only when signed in with MFA.' : ''}
        </figcaption>
      </figure>
      <ol>
        {path.steps.map((s, i) => (
          <li key={`${s.technique}-${i}`}>
            <a href={s.link}>{s.technique}</a> {s.name}: {s.description}
            <ul>
              {s.actions.map((a) => (
                <li key={`${a.action} ${a.resource}`}>
                  <code>{a.action}</code> on <code>{a.resource}</code>, allowed by {a.allowedBy.join(', ')}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {f.remediation.length > 0 && (
        <details>
          <summary>How to close it</summary>
          {f.remediation.map((command) => (
            <code key={command} class="command">
              {command}
            </code>
          ))}
        </details>
      )}
    </article>
  );
}

/** Privilege-escalation paths found by Gatehouse's posture analysis (GetAccountPosture), each drawn as a graph. */
export function EscalationPage() {
  const posture = useAws(getAccountPosture, []);
  const paths = posture.data?.findings.filter((f) => f.path !== undefined) ?? [];
  return (
    <Page title="Escalation paths" subtitle="Ways a principal could give itself more access than its policies grant today.">
      {posture.loading && <Loading what="escalation paths" />}
      {posture.error !== undefined && <ErrorNotice error={posture.error} what="analyse the account's posture" retry={posture.reload} />}
      {posture.data !== undefined && (
        <Panel title={`${paths.length} ${paths.length === 1 ? 'path' : 'paths'} to an administrator`}>
          {paths.length === 0 && <p>No principal can make itself an administrator.</p>}
          {paths.map((f, i) => (
            <PathFinding key={`${f.id} ${f.resourceArn}`} finding={f} index={i} />
          ))}
        </Panel>
      )}
    </Page>
  );
}
