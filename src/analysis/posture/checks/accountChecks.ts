import { CheckInputError, checkNoPublicAccess } from '../../customChecks/index.js';
import { aws } from '../remediation.js';
import type { Check, FindingDraft } from './check.js';
import { cis, prowler, securityHub } from './sources.js';

/** Account-wide checks: server certificates, CloudTrail, IAM Access Analyzer, Organizations, S3 bucket policies. */

const ACCOUNT = 'AWS::::Account';
const FULL_AWS_ACCESS = 'p-FullAWSAccess';

export const ACCOUNT_CHECKS: readonly Check[] = [
  {
    id: 'iam_no_expired_server_certificates_stored',
    title: 'IAM server certificate is not expired',
    severity: 'high',
    category: 'resources',
    sources: [cis('1.18'), securityHub('IAM.26'), prowler('iam_no_expired_server_certificates_stored')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html',
    unavailable: (ctx) => (ctx.account.serverCertificates === undefined ? 'needs the server certificates (aws iam list-server-certificates)' : undefined),
    run(ctx) {
      return ctx.account
        .serverCertificates!.filter((c) => c.expiration !== undefined && Date.parse(c.expiration) < ctx.now.getTime())
        .map((c) => ({
          resourceArn: c.arn,
          resourceType: 'AWS::IAM::ServerCertificate',
          reason: `the server certificate ${c.name} expired on ${c.expiration!.slice(0, 10)} and is still stored`,
          remediation: [aws('iam', 'delete-server-certificate', { 'server-certificate-name': c.name })],
        }));
    },
  },
  {
    id: 'cloudtrail_multi_region_enabled',
    title: 'Region has at least one CloudTrail trail logging',
    severity: 'high',
    category: 'logging',
    sources: [cis('3.1'), securityHub('CloudTrail.1'), prowler('cloudtrail_multi_region_enabled')],
    link: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html',
    unavailable: (ctx) => (ctx.account.trails === undefined ? 'needs the trails (aws cloudtrail describe-trails)' : undefined),
    run(ctx) {
      const trails = ctx.account.trails!;
      const logging = trails.filter((t) => t.isLogging !== false);
      if (logging.some((t) => t.isMultiRegionTrail)) return [];
      const create = [
        aws('cloudtrail', 'create-trail', { name: 'management-events', 's3-bucket-name': '<log-bucket>', 'is-multi-region-trail': true }),
        aws('cloudtrail', 'start-logging', { name: 'management-events' }),
      ];
      return [
        {
          resourceArn: ctx.rootArn,
          resourceType: ACCOUNT,
          reason:
            trails.length === 0
              ? 'the account has no CloudTrail trail, so no lasting record of its API calls is kept'
              : `none of the account's ${trails.length} trail${trails.length === 1 ? '' : 's'} is a logging multi-Region trail, so calls in other Regions go unrecorded`,
          remediation: create,
        },
      ];
    },
  },
  {
    id: 'accessanalyzer_enabled',
    title: 'IAM Access Analyzer is enabled',
    severity: 'low',
    category: 'logging',
    sources: [cis('1.19'), securityHub('IAM.28'), prowler('accessanalyzer_enabled')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html',
    unavailable: (ctx) => (ctx.account.analyzers === undefined ? 'needs the analyzers (aws accessanalyzer list-analyzers)' : undefined),
    run(ctx) {
      const active = ctx.account.analyzers!.filter((a) => a.status === 'ACTIVE' && (a.type === 'ACCOUNT' || a.type === 'ORGANIZATION'));
      if (active.length > 0) return [];
      return [
        {
          resourceArn: ctx.rootArn,
          resourceType: ACCOUNT,
          reason: 'no active external-access analyzer watches the account for resources shared outside it',
          remediation: [aws('accessanalyzer', 'create-analyzer', { 'analyzer-name': 'external-access', type: 'ACCOUNT' })],
        },
      ];
    },
  },
  {
    id: 'organizations_account_part_of_organizations',
    title: 'AWS account is a member of an active AWS Organization',
    severity: 'medium',
    category: 'organization',
    sources: [prowler('organizations_account_part_of_organizations')],
    link: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_introduction.html',
    unavailable: (ctx) => (ctx.account.organization === undefined ? 'needs the Organizations export (aws organizations describe-organization, …)' : undefined),
    run(ctx) {
      if (ctx.account.organization !== null) return [];
      return [
        {
          resourceArn: ctx.rootArn,
          resourceType: ACCOUNT,
          reason: 'the account is in no organization, so no service control policy can limit what its principals do',
          remediation: [aws('organizations', 'create-organization', { 'feature-set': 'ALL' })],
        },
      ];
    },
  },
  {
    id: 'gatehouse_organizations_scps_in_use',
    title: 'Service control policies limit the account',
    severity: 'medium',
    category: 'organization',
    sources: ['AWS Organizations User Guide: orgs_manage_policies_scps'],
    link: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html',
    unavailable: (ctx) => (ctx.account.organization === undefined ? 'needs the Organizations export (aws organizations describe-organization, …)' : undefined),
    run(ctx) {
      const organization = ctx.account.organization;
      if (organization === null || organization === undefined) return [];
      // AWS: SCPs never limit the management account.
      if (organization.pathFacts.isManagement) return [];
      const resourceArn = organization.account.arn;
      const enable = aws('organizations', 'enable-policy-type', { 'root-id': organization.root.id, 'policy-type': 'SERVICE_CONTROL_POLICY' });
      const attach = aws('organizations', 'attach-policy', { 'policy-id': '<guardrail-policy-id>', 'target-id': organization.account.id });
      if (!organization.root.enabledPolicyTypes.includes('SERVICE_CONTROL_POLICY')) {
        return [
          {
            resourceArn,
            resourceType: ACCOUNT,
            reason: 'service control policies are not enabled in the organization root, so none limits the account',
            remediation: [enable, attach],
          },
        ];
      }
      const scps = organization.policies.filter((p) => p.type === 'SERVICE_CONTROL_POLICY' && p.id !== FULL_AWS_ACCESS);
      if (scps.length > 0) return [];
      return [
        {
          resourceArn,
          resourceType: ACCOUNT,
          reason: "only FullAWSAccess is attached on the account's path in its organization, so no service control policy limits it",
          remediation: [
            aws('organizations', 'create-policy', {
              name: '<guardrails>',
              type: 'SERVICE_CONTROL_POLICY',
              description: '<what it denies>',
              content: 'file://guardrails.json',
            }),
            attach,
          ],
        },
      ];
    },
  },
  {
    id: 's3_bucket_public_access',
    title: 'S3 bucket is not publicly accessible to Everyone or Authenticated Users',
    severity: 'critical',
    category: 'resources',
    sources: [securityHub('S3.2'), prowler('s3_bucket_public_access'), 'IAM Access Analyzer CheckNoPublicAccess'],
    link: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
    unavailable: (ctx) => (ctx.account.bucketPolicies === undefined ? 'needs bucket policies (aws s3api get-bucket-policy)' : undefined),
    run(ctx) {
      const out: FindingDraft[] = [];
      for (const { bucket, policy } of ctx.account.bucketPolicies!) {
        let result: ReturnType<typeof checkNoPublicAccess>;
        try {
          result = checkNoPublicAccess(policy, 'AWS::S3::Bucket');
        } catch (err) {
          if (err instanceof CheckInputError) continue;
          throw err;
        }
        if (result.result === 'PASS') continue;
        out.push({
          resourceArn: `arn:aws:s3:::${bucket}`,
          resourceType: 'AWS::S3::Bucket',
          reason: `the bucket policy of ${bucket} lets anyone${result.reasons?.[0]?.statementId !== undefined ? ` (statement ${result.reasons[0].statementId})` : ''} in, whatever account they are in`,
          remediation: [
            aws('s3api', 'put-public-access-block', {
              bucket,
              'public-access-block-configuration': 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
            }),
            aws('s3api', 'put-bucket-policy', { bucket, policy: 'file://bucket-policy.json' }),
          ],
        });
      }
      return out;
    },
  },
];
