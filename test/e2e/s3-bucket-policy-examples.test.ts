import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeletePublicAccessBlockCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { isPublicBucketPolicy } from '../../src/analysis/customChecks/index.js';
import { compilePolicy, evaluate, parsePolicy } from '../../src/policy/index.js';
import type { CompiledPolicy, RequestPrincipal } from '../../src/policy/index.js';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { s3Client, s3Error } from '../support/s3.js';

interface Probe {
  description: string;
  caller: { type: string; accountId?: string; arn?: string; userId?: string; serviceName?: string };
  identity: 'allow-all';
  action: string;
  resource: string;
  context?: Record<string, string>;
  expect: 'Allow' | 'Deny';
}

interface Example {
  name: string;
  source: string;
  bucket: string;
  policy: Record<string, unknown>;
  policyText?: string;
  public: boolean;
  locksOutOwner?: boolean;
  probes: Probe[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/s3-bucket-policy-examples/examples.json', import.meta.url), 'utf8')) as {
  ownerAccount: string;
  examples: Example[];
};

const allowAll = parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'identity');
assert.ok(allowAll.ok);
const ALLOW_ALL = compilePolicy(allowAll.policy, { id: 'allow-all', type: 'identity' });

function principalOf(caller: Probe['caller']): RequestPrincipal {
  if (caller.type === 'Anonymous') return { arn: '*', accountId: '', type: 'Anonymous' };
  if (caller.type === 'AWSService') return { arn: caller.serviceName!, accountId: '', type: 'AWSService', serviceName: caller.serviceName! };
  return {
    arn: caller.arn!,
    accountId: caller.accountId!,
    type: caller.type as RequestPrincipal['type'],
    ...(caller.userId !== undefined ? { userId: caller.userId } : {}),
  };
}

/**
 * The S3 User Guide's bucket policy examples (test/fixtures/s3-bucket-policy-examples): each is
 * accepted by PutBucketPolicy as AWS accepts it (a public one refused while Block Public Access
 * blocks public policies), GetBucketPolicyStatus says whether it is public as S3 defines it, and
 * it grants and denies what the page says it does.
 */
describe('the S3 User Guide’s bucket policy examples', () => {
  let server: TestServer;
  let s3: S3Client;
  const created = new Set<string>();

  before(async () => {
    server = await startTestServer();
    s3 = s3Client(server.endpoint, server.credentials);
  });
  after(async () => {
    s3.destroy();
    await server.stop();
  });

  for (const example of fixture.examples) {
    describe(example.name, () => {
      const text = example.policyText ?? JSON.stringify(example.policy);

      it(`PutBucketPolicy: ${example.public ? 'refused while BlockPublicPolicy is on, then accepted' : 'accepted with Block Public Access on'}; GetBucketPolicyStatus IsPublic ${example.public}`, async () => {
        if (!created.has(example.bucket)) {
          await s3.send(new CreateBucketCommand({ Bucket: example.bucket }));
          created.add(example.bucket);
        }
        // Each example starts from a new bucket's state: no policy, Block Public Access all on.
        await s3.send(new DeleteBucketPolicyCommand({ Bucket: example.bucket }));
        await s3.send(
          new PutPublicAccessBlockCommand({
            Bucket: example.bucket,
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
          }),
        );
        if (example.public) {
          const refused = await s3Error(s3.send(new PutBucketPolicyCommand({ Bucket: example.bucket, Policy: text })));
          assert.deepEqual([refused.name, refused.status], ['AccessDenied', 403], example.source);
          await s3.send(new DeletePublicAccessBlockCommand({ Bucket: example.bucket }));
        }
        await s3.send(new PutBucketPolicyCommand({ Bucket: example.bucket, Policy: text }));
        assert.equal((await s3.send(new GetBucketPolicyCommand({ Bucket: example.bucket }))).Policy, text);
        if (example.locksOutOwner === true) {
          const locked = await s3Error(s3.send(new GetBucketPolicyStatusCommand({ Bucket: example.bucket })));
          assert.match(locked.message, /with an explicit deny in a resource-based policy$/);
          assert.equal(isPublicBucketPolicy(text), example.public, example.source);
          await s3.send(new DeleteBucketPolicyCommand({ Bucket: example.bucket }));
        } else {
          assert.equal((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: example.bucket }))).PolicyStatus?.IsPublic, example.public, example.source);
        }
      });

      // As JSON reads it (a key given twice: the last stands), as S3 applies it.
      const parsed = parsePolicy(JSON.stringify(JSON.parse(text)), 'resource', { maxLength: Number.MAX_SAFE_INTEGER });
      for (const probe of example.probes) {
        it(`grants as the page says: ${probe.description} → ${probe.expect}`, () => {
          assert.ok(parsed.ok, JSON.stringify(parsed.ok ? [] : parsed.errors));
          const bucketPolicy: CompiledPolicy = compilePolicy(parsed.policy, { id: `arn:aws:s3:::${example.bucket}`, type: 'resource' });
          const principal = principalOf(probe.caller);
          const identity = principal.type === 'IAMUser' ? [ALLOW_ALL] : [];
          const decision = evaluate(
            { principal, action: probe.action, resource: { arn: probe.resource, accountId: fixture.ownerAccount }, context: probe.context ?? {} },
            { identity, resource: bucketPolicy },
          );
          assert.equal(decision.decision, probe.expect, `${example.source}: ${JSON.stringify(decision.blockedBy)}`);
        });
      }
    });
  }
});
