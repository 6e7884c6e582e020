import { getAccountPosture, type EscalationPath } from '../api/posture.js';
import { Loading, NotAvailable } from '../components/notices.js';
import { Page, Panel } from '../components/page.js';
import { useAws } from '../lib/useAws.js';

/** One escalation path drawn as a chain of boxes: the principal, each step's target, the actions that take it there. */
function PathGraph(props: { path: EscalationPath }) {
  const nodes = [props.path.Principal, ...props.path.Steps.map((s) => s.To)];
  const width = 220;
  const gap = 70;
  const total = nodes.length * width + (nodes.length - 1) * gap;
  return (
    <figure class="graph">
      <svg viewBox={`0 0 ${total} 120`} role="img" aria-label={`${props.path.Technique}: ${nodes.join(' → ')}`}>
        {nodes.map((n, i) => (
          <g key={`${n}-${i}`} class={`node${i === nodes.length - 1 ? ' target' : ''}`} transform={`translate(${i * (width + gap)}, 30)`}>
            <rect width={width} height={44} rx={6} />
            <text x={10} y={27}>
              {n.length > 32 ? `…${n.slice(-31)}` : n}
            </text>
          </g>
        ))}
        {props.path.Steps.map((s, i) => (
          <g key={i}>
            <path class="edge" d={`M ${(i + 1) * width + i * gap} 52 L ${(i + 1) * (width + gap)} 52`} markerEnd="url(#arrow)" />
            <text x={(i + 1) * width + i * gap + 4} y={22}>
              {s.Actions.join(', ').slice(0, 28)}
            </text>
          </g>
        ))}
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" class="edge" />
          </marker>
        </defs>
      </svg>
      <figcaption>
        {props.path.Technique}
        {props.path.Conditional === true ? ' (only if the conditions shown hold)' : ''}
      </figcaption>
    </figure>
  );
}

/** Privilege-escalation paths found by Gatehouse's posture analysis, each drawn as a graph. */
export function EscalationPage() {
  const posture = useAws(getAccountPosture, []);
  return (
    <Page title="Escalation paths" subtitle="Ways a principal could give itself more access than its policies grant today.">
      {posture.loading && <Loading what="escalation paths" />}
      {posture.error !== undefined && (
        <NotAvailable service="Posture analysis" detail={posture.error.message}>
          <p>
            Offline, <code>gatehouse analyze</code> finds these paths in an account export and draws them in its HTML report. This page draws the same once
            Gatehouse serves <code>Gatehouse.GetAccountPosture</code>.
          </p>
        </NotAvailable>
      )}
      {posture.data !== undefined && (
        <Panel title={`${posture.data.EscalationPaths.length} paths`}>
          {posture.data.EscalationPaths.length === 0 && <p>No escalation path found.</p>}
          {posture.data.EscalationPaths.map((p) => (
            <PathGraph key={p.Id} path={p} />
          ))}
        </Panel>
      )}
    </Page>
  );
}
