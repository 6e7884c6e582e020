import { useRoute } from 'preact-iso';
import { CheckNoPublicAccessCommand } from '@aws-sdk/client-accessanalyzer';
import { GetBucketPolicyCommand, GetBucketPolicyStatusCommand, GetPublicAccessBlockCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { accessAnalyzer } from '../api/accessAnalyzer.js';
import { describeFailure } from '../api/aws.js';
import { s3 } from '../api/s3.js';
import { ErrorNotice, Loading, Notice } from '../components/notices.js';
import { Page, Panel, Props } from '../components/page.js';
import { PolicySummary } from '../components/policySummary.js';
import { Table } from '../components/table.js';
import { when } from '../lib/format.js';
import { href } from '../lib/nav.js';
import { useAws } from '../lib/useAws.js';

export function BucketsPage() {
  const buckets = useAws(async () => (await s3().send(new ListBucketsCommand({}))).Buckets ?? [], []);
  return (
    <Page title="S3 buckets" subtitle="Buckets, their policies and Block Public Access, and whether they are public.">
      {buckets.loading && <Loading what="buckets" />}
      {buckets.error !== undefined && <ErrorNotice error={buckets.error} what="list buckets" retry={buckets.reload} />}
      {buckets.data !== undefined && (
        <Table
          caption="Buckets"
          rows={buckets.data}
          rowKey={(b) => b.Name!}
          empty="No buckets."
          columns={[
            { label: 'Bucket', cell: (b) => <a href={href(`/s3/${encodeURIComponent(b.Name!)}`)}>{b.Name}</a> },
            { label: 'Created', cell: (b) => when(b.CreationDate) },
          ]}
        />
      )}
    </Page>
  );
}

/** What is absent answers S3's own error code; that is an answer too (no policy, no Block Public Access). */
async function orNone<T>(call: () => Promise<T>, absent: string): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    if (describeFailure(err).code === absent) return null;
    throw err;
  }
}

export function BucketPage() {
  const { params } = useRoute();
  const bucket = decodeURIComponent(params['bucket']!);
  const facts = useAws(async () => {
    const policy = await orNone(async () => (await s3().send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? null, 'NoSuchBucketPolicy');
    const block = await orNone(
      async () => (await s3().send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration ?? null,
      'NoSuchPublicAccessBlockConfiguration',
    );
    const status = await orNone(async () => (await s3().send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus ?? null, 'NoSuchBucketPolicy');
    const check =
      policy === null ? null : await accessAnalyzer().send(new CheckNoPublicAccessCommand({ policyDocument: policy, resourceType: 'AWS::S3::Bucket' }));
    return { policy: policy === null ? null : JSON.stringify(JSON.parse(policy), null, 2), block, status, check };
  }, [bucket]);
  const f = facts.data;
  const blocked = f?.block != null && f.block.BlockPublicPolicy === true && f.block.RestrictPublicBuckets === true;
  return (
    <Page title={bucket} subtitle="S3 bucket" crumbs={[['S3 buckets', href('/s3')]]}>
      {facts.loading && <Loading what="the bucket" />}
      {facts.error !== undefined && <ErrorNotice error={facts.error} what="read the bucket" retry={facts.reload} />}
      {f !== undefined && (
        <>
          <Panel title="Is this bucket public?">
            {f.status?.IsPublic === true && !blocked ? (
              <Notice kind="error" title="Yes: its policy lets anyone in">
                <p>Turn on Block Public Access, or narrow the policy.</p>
              </Notice>
            ) : (
              <Notice kind="ok" title="No">
                <p>{f.policy === null ? 'It has no bucket policy.' : blocked ? 'Block Public Access restricts it.' : 'Its policy grants no public access.'}</p>
              </Notice>
            )}
            {f.check != null && (
              <p>
                Access Analyzer's CheckNoPublicAccess: <span class={`badge ${f.check.result === 'PASS' ? 'ok' : 'denied'}`}>{f.check.result}</span>{' '}
                {f.check.message}
              </p>
            )}
          </Panel>
          <Panel title="Block Public Access">
            {f.block === null ? (
              <p>Not configured on the bucket.</p>
            ) : (
              <Props
                items={[
                  ['Block public ACLs', String(f.block.BlockPublicAcls ?? false)],
                  ['Ignore public ACLs', String(f.block.IgnorePublicAcls ?? false)],
                  ['Block public policy', String(f.block.BlockPublicPolicy ?? false)],
                  ['Restrict public buckets', String(f.block.RestrictPublicBuckets ?? false)],
                ]}
              />
            )}
          </Panel>
          <Panel title="Bucket policy">
            {f.policy === null ? (
              <p>No bucket policy.</p>
            ) : (
              <>
                <PolicySummary text={f.policy} />
                <pre>{f.policy}</pre>
              </>
            )}
          </Panel>
        </>
      )}
    </Page>
  );
}
