import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { LookupAttributeKey } from '@aws-sdk/client-cloudtrail';
import { ErrorNotice, Loading } from '../components/notices.js';
import { Page, Panel, Props } from '../components/page.js';
import { Pager, Table } from '../components/table.js';
import { caller, isDenied, lookupEvents, type TrailRecord } from '../lib/events.js';
import { when } from '../lib/format.js';
import { href } from '../lib/nav.js';
import { useMarkers } from '../lib/paging.js';
import { useAction, useAws } from '../lib/useAws.js';

const KEYS: readonly LookupAttributeKey[] = ['EventName', 'Username', 'EventSource', 'ResourceName', 'ResourceType', 'ReadOnly', 'AccessKeyId', 'EventId'];

function download(name: string, records: readonly TrailRecord[]): void {
  const blob = new Blob([JSON.stringify({ Records: records }, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** CloudTrail's event history (LookupEvents): filtered on the server by one attribute and a time range, paged, exportable. */
export function AuditPage() {
  const location = useLocation();
  const q = location.query;
  const filter = {
    key: (q['key'] as LookupAttributeKey | undefined) ?? undefined,
    value: q['value'] ?? undefined,
    start: q['start'] ? new Date(q['start']) : undefined,
    end: q['end'] ? new Date(q['end']) : undefined,
  };
  const [key, setKey] = useState<string>(filter.key ?? 'EventName');
  const [value, setValue] = useState(filter.value ?? '');
  const [start, setStart] = useState(q['start'] ?? '');
  const [end, setEnd] = useState(q['end'] ?? '');
  const markers = useMarkers();
  const events = useAws(() => lookupEvents(filter, markers.marker), [q['key'], q['value'], q['start'], q['end'], markers.marker]);
  const exportAll = useAction(async () => {
    const all: TrailRecord[] = [];
    let token: string | undefined;
    do {
      const page = await lookupEvents(filter, token);
      all.push(...page.records);
      token = page.next;
    } while (token !== undefined && all.length < 5000);
    download('gatehouse-audit.json', all);
  });
  const apply = (e: Event) => {
    e.preventDefault();
    markers.reset();
    const query = new URLSearchParams();
    if (value !== '') {
      query.set('key', key);
      query.set('value', value);
    }
    if (start !== '') query.set('start', start);
    if (end !== '') query.set('end', end);
    location.route(`${href('/audit')}${query.size > 0 ? `?${query.toString()}` : ''}`, true);
  };
  const rows = events.data?.records ?? [];
  return (
    <Page
      title="Audit trail"
      subtitle="Every call, allowed or denied, as CloudTrail records it."
      actions={
        <>
          <button type="button" onClick={() => download('gatehouse-audit-page.json', rows)} disabled={rows.length === 0}>
            Export this page
          </button>
          <button type="button" onClick={() => exportAll.run()} disabled={exportAll.busy}>
            Export all matching
          </button>
        </>
      }
    >
      {exportAll.error !== undefined && <ErrorNotice error={exportAll.error} what="export" />}
      <form class="toolbar" aria-label="Filter the events" onSubmit={apply}>
        <div class="field">
          <label for="audit-key">Attribute</label>
          <select id="audit-key" value={key} onChange={(e) => setKey(e.currentTarget.value)}>
            {KEYS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-value">Value</label>
          <input id="audit-value" type="search" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="audit-start">From</label>
          <input id="audit-start" type="datetime-local" value={start} onInput={(e) => setStart(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="audit-end">To</label>
          <input id="audit-end" type="datetime-local" value={end} onInput={(e) => setEnd(e.currentTarget.value)} />
        </div>
        <button type="submit">Look up</button>
      </form>
      {events.loading && <Loading what="events" />}
      {events.error !== undefined && <ErrorNotice error={events.error} what="read the audit trail" retry={events.reload} />}
      {events.data !== undefined && !events.loading && (
        <>
          <Table
            caption="Events"
            rows={rows}
            rowKey={(r) => r.eventID}
            empty="No events match."
            columns={[
              { label: 'Time', cell: (r) => when(r.eventTime) },
              { label: 'Event', cell: (r) => <a href={href(`/audit/${r.eventID}`)}>{r.eventName}</a> },
              { label: 'Who', cell: (r) => caller(r) },
              { label: 'Source', cell: (r) => r.eventSource.replace('.amazonaws.com', '') },
              {
                label: 'Result',
                cell: (r) =>
                  r.errorCode !== undefined || r.errorMessage !== undefined ? (
                    <span class={`badge ${isDenied(r) ? 'denied' : 'warning'}`}>{r.errorCode ?? r.errorMessage}</span>
                  ) : (
                    <span class="badge ok">OK</span>
                  ),
              },
            ]}
          />
          <Pager
            page={markers.page}
            count={rows.length}
            hasNext={events.data.next !== undefined}
            onPrev={markers.prev}
            onNext={() => markers.next(events.data?.next)}
          />
        </>
      )}
    </Page>
  );
}

/** One event's full record. */
export function AuditEventPage() {
  const { params } = useRoute();
  const id = params['eventId']!;
  const event = useAws(async () => (await lookupEvents({ key: 'EventId', value: id })).records[0], [id]);
  const r = event.data;
  return (
    <Page title={r?.eventName ?? 'Event'} subtitle={`Event ${id}`} crumbs={[['Audit trail', href('/audit')]]}>
      {event.loading && <Loading what="the event" />}
      {event.error !== undefined && <ErrorNotice error={event.error} what="read the event" retry={event.reload} />}
      {!event.loading && event.error === undefined && r === undefined && <p>No such event (it may be older than the trail's retention).</p>}
      {r !== undefined && (
        <>
          <Panel title="Summary">
            <Props
              items={[
                ['Time', when(r.eventTime)],
                ['Who', r.userIdentity.arn ?? caller(r)],
                ['Call', `${r.eventSource} ${r.eventName}`],
                ['From', `${r.sourceIPAddress ?? ''} (${r.userAgent ?? ''})`],
                ['Result', r.errorCode !== undefined ? `${r.errorCode}: ${r.errorMessage ?? ''}` : (r.errorMessage ?? 'Succeeded')],
              ]}
            />
            {isDenied(r) && (
              <p>
                <a class="button primary" href={href(`/why-denied?event=${encodeURIComponent(r.eventID)}`)}>
                  Why was this denied?
                </a>
              </p>
            )}
          </Panel>
          <Panel title="Record">
            <pre>{JSON.stringify(r, null, 2)}</pre>
          </Panel>
        </>
      )}
    </Page>
  );
}
