import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { SimulatePrincipalPolicyCommand, type EvaluationResult } from '@aws-sdk/client-iam';
import { DecodeAuthorizationMessageCommand } from '@aws-sdk/client-sts';
import { iam } from '../api/iam.js';
import { sts } from '../api/sts.js';
import { Field } from '../components/forms.js';
import { deniedRequest, ErrorNotice, Loading } from '../components/notices.js';
import { Page, Panel, Props } from '../components/page.js';
import { Table } from '../components/table.js';
import { takeDenial } from '../lib/denials.js';
import { actionOf, caller, isDenied, lookupEvents, simulationPrincipal, type TrailRecord } from '../lib/events.js';
import { when } from '../lib/format.js';
import { href } from '../lib/nav.js';
import { useAction, useAws } from '../lib/useAws.js';
import { SimulationResults } from './simulator.js';

type Items<T> = { items?: T[] };
interface Decoded {
  allowed: boolean;
  explicitDeny: boolean;
  reason?: string;
  matchedStatements?: Items<{
    statementId: string;
    effect: string;
    policyType?: string;
    policyArn?: string;
    policyName?: string;
    actions?: Items<{ value: string }>;
    resources?: Items<{ value: string }>;
    conditions?: Items<{ key: string; operator?: string; values?: Items<{ value: string }> }>;
  }>;
  failures?: Items<{ message: string }>;
  context?: { principal?: { arn?: string }; action?: string; resource?: string; conditions?: Items<{ key: string; values?: Items<{ value: string }> }> };
}

/**
 * "Why was this denied?": an encoded authorization message (from an AccessDenied's
 * x-gatehouse-encoded-authorization-message header, or `aws sts decode-authorization-message`),
 * decoded by STS; or a denied call picked from the audit trail, explained by its AccessDenied
 * message and simulated again against the policies as they are now.
 */
export function WhyDeniedPage() {
  const location = useLocation();
  const [encoded, setEncoded] = useState(() => takeDenial() ?? '');
  const [decoded, setDecoded] = useState<Decoded | undefined>();
  const decode = useAction(async (message: string) => {
    const out = await sts().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: message.trim() }));
    setDecoded(JSON.parse(out.DecodedMessage ?? '{}') as Decoded);
  });
  useEffect(() => {
    if (encoded !== '') void decode.run(encoded);
  }, []);
  const eventId = location.query['event'];
  return (
    <Page title="Why was this denied?" subtitle="Decode a denial's authorization message, or pick a denied call from the audit trail.">
      <Panel title="Decode an authorization message">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void decode.run(encoded);
          }}
        >
          <Field
            label="Encoded authorization message"
            hint="Every AccessDenied from Gatehouse carries one in the x-gatehouse-encoded-authorization-message header."
          >
            {({ id, describedBy }) => (
              <textarea
                id={id}
                class="code"
                rows={4}
                aria-describedby={describedBy}
                value={encoded}
                onInput={(e) => setEncoded(e.currentTarget.value)}
                required
              />
            )}
          </Field>
          <button type="submit" class="primary" disabled={decode.busy}>
            Decode
          </button>
        </form>
        {decode.error !== undefined && <ErrorNotice error={decode.error} what="decode the message" />}
        {decoded !== undefined && <DecodedView message={decoded} />}
      </Panel>
      {eventId !== undefined ? <EventExplanation eventId={eventId} /> : <DeniedEvents />}
    </Page>
  );
}

function DecodedView(props: { message: Decoded }) {
  const m = props.message;
  const statements = m.matchedStatements?.items ?? [];
  return (
    <div class="decoded">
      <h3>
        <span class={`badge ${m.allowed ? 'allowed' : 'denied'}`}>{m.allowed ? 'Allowed' : m.explicitDeny ? 'Explicitly denied' : 'Implicitly denied'}</span>
      </h3>
      {m.reason !== undefined && (
        <p class="reason">
          <strong>Why:</strong> {m.reason}
        </p>
      )}
      <Props
        items={[
          ['Principal', <code key="p">{m.context?.principal?.arn}</code>],
          ['Action', <code key="a">{m.context?.action}</code>],
          ['Resource', <code key="r">{m.context?.resource}</code>],
        ]}
      />
      {statements.length > 0 && (
        <>
          <h3>Statements that matched</h3>
          <Table
            caption="Matched statements"
            rows={statements}
            rowKey={(s) => `${s.policyArn ?? s.policyName}-${s.statementId}`}
            empty=""
            columns={[
              { label: 'Effect', cell: (s) => <span class={`badge ${s.effect === 'DENY' ? 'denied' : 'allowed'}`}>{s.effect}</span> },
              { label: 'Statement', cell: (s) => s.statementId || '(no Sid)' },
              { label: 'Policy', cell: (s) => `${s.policyType ?? ''} ${s.policyArn ?? s.policyName ?? ''}`, mono: true },
              {
                label: 'Conditions',
                cell: (s) =>
                  (s.conditions?.items ?? []).map((c) => `${c.operator ?? ''} ${c.key} ${(c.values?.items ?? []).map((v) => v.value).join(', ')}`).join('; ') ||
                  'none',
              },
            ]}
          />
        </>
      )}
      {(m.context?.conditions?.items ?? []).length > 0 && (
        <details>
          <summary>The request's context</summary>
          <ul>
            {m.context!.conditions!.items!.map((c) => (
              <li key={c.key}>
                <code>{c.key}</code> = {(c.values?.items ?? []).map((v) => v.value).join(', ')}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** Recent denied calls of the audit trail (LookupEvents pages, denials kept). */
function DeniedEvents() {
  const denied = useAws(async () => {
    const found: TrailRecord[] = [];
    let token: string | undefined;
    for (let page = 0; page < 4 && found.length < 20; page++) {
      const out = await lookupEvents({}, token);
      found.push(...out.records.filter(isDenied));
      token = out.next;
      if (token === undefined) break;
    }
    return found;
  }, []);
  return (
    <Panel title="Denied calls in the audit trail">
      {denied.loading && <Loading what="denied calls" />}
      {denied.error !== undefined && <ErrorNotice error={denied.error} what="read the audit trail" retry={denied.reload} />}
      {denied.data !== undefined && (
        <Table
          caption="Denied calls"
          rows={denied.data}
          rowKey={(r) => r.eventID}
          empty="No denied calls among the recent events."
          columns={[
            { label: 'Time', cell: (r) => when(r.eventTime) },
            { label: 'Who', cell: (r) => caller(r) },
            { label: 'Call', cell: (r) => actionOf(r), mono: true },
            { label: '', cell: (r) => <a href={href(`/why-denied?event=${encodeURIComponent(r.eventID)}`)}>Explain</a> },
          ]}
        />
      )}
    </Panel>
  );
}

/** One denied call explained: its message, and the same request simulated against today's policies. */
function EventExplanation(props: { eventId: string }) {
  const event = useAws(async () => (await lookupEvents({ key: 'EventId', value: props.eventId })).records[0], [props.eventId]);
  const [simulated, setSimulated] = useState<EvaluationResult[] | undefined>();
  const simulate = useAction(async (r: TrailRecord) => {
    const principal = simulationPrincipal(r)!;
    const { resource } = deniedRequest(r.errorMessage ?? '');
    const out = await iam().send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: principal, ActionNames: [actionOf(r)], ResourceArns: [resource ?? '*'] }),
    );
    setSimulated(out.EvaluationResults ?? []);
  });
  useEffect(() => {
    if (event.data !== undefined && simulationPrincipal(event.data) !== undefined) void simulate.run(event.data);
  }, [event.data]);
  const r = event.data;
  return (
    <Panel title="The denied call">
      {event.loading && <Loading what="the event" />}
      {event.error !== undefined && <ErrorNotice error={event.error} what="read the event" retry={event.reload} />}
      {r !== undefined && (
        <>
          <Props
            items={[
              ['When', when(r.eventTime)],
              ['Who', <code key="w">{r.userIdentity.arn ?? caller(r)}</code>],
              ['Call', <code key="c">{actionOf(r)}</code>],
              ['Gatehouse said', <q key="m">{r.errorMessage}</q>],
            ]}
          />
          <p>
            <a href={href(`/audit/${r.eventID}`)}>The full record</a>
          </p>
          <h3>The same request, simulated against the policies as they are now</h3>
          {simulationPrincipal(r) === undefined && <p>Only calls of IAM users and role sessions can be simulated.</p>}
          {simulate.error !== undefined && <ErrorNotice error={simulate.error} what="simulate the request" />}
          {simulated !== undefined && <SimulationResults results={simulated} />}
        </>
      )}
    </Panel>
  );
}
