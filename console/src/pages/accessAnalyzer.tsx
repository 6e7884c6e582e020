import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import {
  GetGeneratedPolicyCommand,
  ListAnalyzersCommand,
  ListFindingsV2Command,
  StartPolicyGenerationCommand,
  UpdateFindingsCommand,
  type FindingStatus,
} from '@aws-sdk/client-accessanalyzer';
import { accessAnalyzer } from '../api/accessAnalyzer.js';
import { TextField } from '../components/forms.js';
import { ErrorNotice, Loading, Notice } from '../components/notices.js';
import { Page, Panel } from '../components/page.js';
import { Pager, Table } from '../components/table.js';
import { when } from '../lib/format.js';
import { href } from '../lib/nav.js';
import { useMarkers } from '../lib/paging.js';
import { useAction, useAws } from '../lib/useAws.js';

/** IAM Access Analyzer: analyzers, their findings (archive them), and a least-privilege policy generated from the audit trail. */
export function AccessAnalyzerPage() {
  const location = useLocation();
  const analyzers = useAws(async () => (await accessAnalyzer().send(new ListAnalyzersCommand({}))).analyzers ?? [], []);
  const chosen = location.query['analyzer'] ?? analyzers.data?.[0]?.arn;
  const status = (location.query['status'] as FindingStatus | undefined) ?? 'ACTIVE';
  const markers = useMarkers();
  const findings = useAws(async () => {
    if (chosen === undefined) return undefined;
    return accessAnalyzer().send(
      new ListFindingsV2Command({
        analyzerArn: chosen,
        filter: { status: { eq: [status] } },
        maxResults: 25,
        ...(markers.marker ? { nextToken: markers.marker } : {}),
      }),
    );
  }, [chosen, status, markers.marker]);
  const archive = useAction(async (id: string, to: FindingStatus) => {
    await accessAnalyzer().send(new UpdateFindingsCommand({ analyzerArn: chosen!, ids: [id], status: to === 'ARCHIVED' ? 'ARCHIVED' : 'ACTIVE' }));
    findings.reload();
  });
  const route = (q: Record<string, string>) =>
    location.route(`${href('/access-analyzer')}?${new URLSearchParams({ ...(chosen ? { analyzer: chosen } : {}), status, ...q }).toString()}`, true);
  return (
    <Page title="Access Analyzer" subtitle="Who outside your zone of trust can reach your resources, and what your principals really use.">
      {analyzers.loading && <Loading what="analyzers" />}
      {analyzers.error !== undefined && <ErrorNotice error={{ ...analyzers.error }} what="list analyzers" retry={analyzers.reload} />}
      {analyzers.data !== undefined && analyzers.data.length === 0 && (
        <Notice title="No analyzer yet">
          <p>
            Create one with <code>aws accessanalyzer create-analyzer --analyzer-name account --type ACCOUNT</code>.
          </p>
        </Notice>
      )}
      {analyzers.data !== undefined && analyzers.data.length > 0 && (
        <Panel title="Findings">
          <div class="toolbar">
            <div class="field">
              <label for="analyzer">Analyzer</label>
              <select id="analyzer" value={chosen} onChange={(e) => route({ analyzer: e.currentTarget.value })}>
                {analyzers.data.map((a) => (
                  <option key={a.arn} value={a.arn}>
                    {a.name} ({a.type})
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="finding-status">Status</label>
              <select id="finding-status" value={status} onChange={(e) => route({ status: e.currentTarget.value })}>
                <option value="ACTIVE">Active</option>
                <option value="ARCHIVED">Archived</option>
                <option value="RESOLVED">Resolved</option>
              </select>
            </div>
          </div>
          {archive.error !== undefined && <ErrorNotice error={archive.error} what="update the finding" />}
          {findings.loading && <Loading what="findings" />}
          {findings.error !== undefined && <ErrorNotice error={findings.error} what="list findings" retry={findings.reload} />}
          {findings.data !== undefined && (
            <>
              <Table
                caption="Findings"
                rows={findings.data.findings ?? []}
                rowKey={(f) => f.id!}
                empty="No findings with this status."
                columns={[
                  { label: 'Resource', cell: (f) => f.resource, mono: true },
                  { label: 'Type', cell: (f) => `${f.findingType ?? ''} ${f.resourceType ?? ''}` },
                  { label: 'Updated', cell: (f) => when(f.updatedAt) },
                  {
                    label: 'Actions',
                    cell: (f) => (
                      <button type="button" onClick={() => archive.run(f.id!, f.status === 'ARCHIVED' ? 'ACTIVE' : 'ARCHIVED')}>
                        {f.status === 'ARCHIVED' ? 'Unarchive' : 'Archive'}
                      </button>
                    ),
                  },
                ]}
              />
              <Pager
                page={markers.page}
                count={findings.data.findings?.length ?? 0}
                hasNext={findings.data.nextToken !== undefined}
                onPrev={markers.prev}
                onNext={() => markers.next(findings.data?.nextToken)}
              />
            </>
          )}
        </Panel>
      )}
      <PolicyGeneration />
    </Page>
  );
}

function PolicyGeneration() {
  const [principal, setPrincipal] = useState('');
  const [policy, setPolicy] = useState<string | undefined>();
  const generate = useAction(async () => {
    const job = await accessAnalyzer().send(new StartPolicyGenerationCommand({ policyGenerationDetails: { principalArn: principal } }));
    for (let i = 0; i < 30; i++) {
      const out = await accessAnalyzer().send(new GetGeneratedPolicyCommand({ jobId: job.jobId! }));
      if (out.jobDetails?.status === 'SUCCEEDED') {
        setPolicy(out.generatedPolicyResult?.generatedPolicies?.map((p) => p.policy).join('\n\n') ?? '');
        return;
      }
      if (out.jobDetails?.status === 'FAILED') throw new Error(out.jobDetails.jobError?.message ?? 'The policy generation failed.');
      await new Promise((r) => setTimeout(r, 1000));
    }
  });
  return (
    <Panel title="Generate a least-privilege policy">
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void generate.run();
        }}
      >
        <TextField
          label="User or role ARN"
          hint="From what it actually called, as the audit trail recorded."
          value={principal}
          onInput={setPrincipal}
          required
        />
        <button type="submit" disabled={generate.busy}>
          Generate
        </button>
      </form>
      {generate.busy && <Loading what="the generated policy" />}
      {generate.error !== undefined && <ErrorNotice error={generate.error} what="generate a policy" />}
      {policy !== undefined && <pre>{policy}</pre>}
    </Panel>
  );
}
