import type { AuthorizationDetails } from '../snapshot/index.js';
import { checkOutputShape, isoTime, type ExportService } from './awsShapes.js';
import { looksLikeCredentialReport, parseCredentialReport } from './credentialReport.js';
import { ExportError, member } from './exportError.js';
import type { ExportPiece, ExportPieceKind, OrganizationPolicySummary } from './pieces.js';

/**
 * Files are recognised by their shape, never by their name: the top-level members of a JSON
 * document say which AWS CLI command printed it, and the whole document is then checked against
 * that command's output shape in AWS's service model. A credential report is recognised by its CSV
 * header (or as `get-credential-report`'s JSON, its `Content` base64-encoded). The AWS CLI's own
 * error text for an account without a password policy (NoSuchEntity) or outside any organization
 * (AWSOrganizationsNotInUseException) is read as exactly that.
 *
 * AWS: each command's output is the operation's output shape (the AWS CLI prints it as JSON with
 * policy documents decoded and paginated lists merged).
 */

interface Rule {
  readonly kind: ExportPieceKind;
  /** The command that prints it, for messages. */
  readonly command: string;
  readonly service: ExportService;
  readonly operation: string;
  /** The top-level members that identify it (every one present). */
  readonly identifying: readonly string[];
  /** The parameter the per-parent commands were called with, which the file must carry too. */
  readonly parameter?: string;
  /** Further test on the document, where members are shared between commands. */
  readonly test?: (doc: Record<string, unknown>) => boolean;
}

const isIamPolicyList = (doc: Record<string, unknown>) => listOf(doc['Policies']).some((p) => has(p, 'PolicyName') || has(p, 'DefaultVersionId'));
const isOrganizationsPolicyList = (doc: Record<string, unknown>) => listOf(doc['Policies']).some((p) => has(p, 'Id') || has(p, 'Type'));

/** Every kind of file, in the order they are tried. */
const RULES: readonly Rule[] = [
  {
    kind: 'authorization-details',
    command: 'aws iam get-account-authorization-details',
    service: 'iam',
    operation: 'GetAccountAuthorizationDetails',
    identifying: ['UserDetailList'],
  },
  {
    kind: 'authorization-details',
    command: 'aws iam get-account-authorization-details',
    service: 'iam',
    operation: 'GetAccountAuthorizationDetails',
    identifying: ['RoleDetailList'],
  },
  {
    kind: 'authorization-details',
    command: 'aws iam get-account-authorization-details',
    service: 'iam',
    operation: 'GetAccountAuthorizationDetails',
    identifying: ['GroupDetailList'],
  },
  {
    kind: 'authorization-details',
    command: 'aws iam get-account-authorization-details',
    service: 'iam',
    operation: 'GetAccountAuthorizationDetails',
    identifying: ['Policies'],
    test: isIamPolicyList,
  },
  { kind: 'credential-report', command: 'aws iam get-credential-report', service: 'iam', operation: 'GetCredentialReport', identifying: ['Content'] },
  {
    kind: 'password-policy',
    command: 'aws iam get-account-password-policy',
    service: 'iam',
    operation: 'GetAccountPasswordPolicy',
    identifying: ['PasswordPolicy'],
  },
  {
    kind: 'virtual-mfa-devices',
    command: 'aws iam list-virtual-mfa-devices',
    service: 'iam',
    operation: 'ListVirtualMFADevices',
    identifying: ['VirtualMFADevices'],
  },
  { kind: 'account-summary', command: 'aws iam get-account-summary', service: 'iam', operation: 'GetAccountSummary', identifying: ['SummaryMap'] },
  {
    kind: 'server-certificates',
    command: 'aws iam list-server-certificates',
    service: 'iam',
    operation: 'ListServerCertificates',
    identifying: ['ServerCertificateMetadataList'],
  },
  {
    kind: 'organization',
    command: 'aws organizations describe-organization',
    service: 'organizations',
    operation: 'DescribeOrganization',
    identifying: ['Organization'],
  },
  { kind: 'organization-roots', command: 'aws organizations list-roots', service: 'organizations', operation: 'ListRoots', identifying: ['Roots'] },
  {
    kind: 'organizational-units',
    command: 'aws organizations list-organizational-units-for-parent',
    service: 'organizations',
    operation: 'ListOrganizationalUnitsForParent',
    identifying: ['OrganizationalUnits'],
    parameter: 'ParentId',
  },
  {
    kind: 'organization-accounts',
    command: 'aws organizations list-accounts-for-parent',
    service: 'organizations',
    operation: 'ListAccountsForParent',
    identifying: ['Accounts'],
    parameter: 'ParentId',
  },
  {
    kind: 'organization-policies',
    command: 'aws organizations list-policies',
    service: 'organizations',
    operation: 'ListPolicies',
    identifying: ['Policies'],
    test: isOrganizationsPolicyList,
  },
  {
    kind: 'organization-policy',
    command: 'aws organizations describe-policy',
    service: 'organizations',
    operation: 'DescribePolicy',
    identifying: ['Policy'],
    test: (d) => typeof d['Policy'] === 'object',
  },
  {
    kind: 'organization-policy-targets',
    command: 'aws organizations list-targets-for-policy',
    service: 'organizations',
    operation: 'ListTargetsForPolicy',
    identifying: ['Targets'],
    parameter: 'PolicyId',
  },
  { kind: 'trails', command: 'aws cloudtrail describe-trails', service: 'cloudtrail', operation: 'DescribeTrails', identifying: ['trailList'] },
  { kind: 'analyzers', command: 'aws accessanalyzer list-analyzers', service: 'accessanalyzer', operation: 'ListAnalyzers', identifying: ['analyzers'] },
  {
    kind: 'bucket-policy',
    command: 'aws s3api get-bucket-policy',
    service: 's3',
    operation: 'GetBucketPolicy',
    identifying: ['Policy'],
    parameter: 'Bucket',
    test: (d) => typeof d['Policy'] === 'string',
  },
];

/** How a per-parent listing must be saved, for the message when its parameter is missing. */
const PARAMETER_HINTS: Readonly<Record<string, string>> = {
  ParentId: `the parent the command listed, added with --query "{ParentId: 'r-…', …}"`,
  PolicyId: `the policy the command listed, added with --query "{PolicyId: 'p-…', Targets: Targets}"`,
  Bucket: `the bucket's name, added with --query "{Bucket: 'name', Policy: Policy}"`,
};

/** The commands whose outputs are recognised, for help and messages. */
export const RECOGNISED_COMMANDS: readonly string[] = [...new Set(RULES.map((r) => r.command))];

/** AWS CLI error texts read as facts (what the account lacks). */
const CLI_ERRORS: readonly { readonly pattern: RegExp; readonly piece: (file: string) => ExportPiece }[] = [
  {
    pattern: /An error occurred \(NoSuchEntity\) when calling the GetAccountPasswordPolicy operation/,
    piece: (file) => ({ kind: 'password-policy', file, policy: null }),
  },
  {
    pattern: /An error occurred \(AWSOrganizationsNotInUseException\) when calling the DescribeOrganization operation/,
    piece: (file) => ({ kind: 'organization', file, organization: null }),
  },
];

/**
 * Reads one file of an export: what it is, checked against its command's output shape. A JSON
 * array holds several documents (pages of an SDK export, say), each recognised by itself.
 */
export function recogniseExport(file: string, text: string): ExportPiece[] {
  const body = text.replace(/^\uFEFF/, '');
  if (looksLikeCredentialReport(body)) return [{ kind: 'credential-report', file, rows: parseCredentialReport(file, body) }];
  for (const known of CLI_ERRORS) if (known.pattern.test(body) && !body.trimStart().startsWith('{')) return [known.piece(file)];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw new ExportError(file, jsonErrorPlace(body, err), 'JSON (or a credential report CSV)');
  }
  if (Array.isArray(parsed)) return parsed.map((doc, i) => recogniseDocument(file, doc, `$[${i}]`));
  return [recogniseDocument(file, parsed, '$')];
}

function recogniseDocument(file: string, doc: unknown, path: string): ExportPiece {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new ExportError(file, path, 'a JSON object printed by one of the AWS CLI commands Gatehouse reads');
  const record = doc as Record<string, unknown>;
  const rule = RULES.find((r) => r.identifying.every((m) => m in record) && (r.test === undefined || r.test(record)));
  if (rule === undefined) {
    if ('Policies' in record && listOf(record['Policies']).length === 0 && Object.keys(record).length === 1) {
      throw new ExportError(file, path, "a list of policies that says whose it is: an empty `Policies` list could be IAM's or Organizations'");
    }
    throw new ExportError(
      file,
      path,
      `the output of one of ${RECOGNISED_COMMANDS.join(', ')}; its members (${Object.keys(record).slice(0, 8).join(', ') || 'none'}) match none`,
    );
  }
  const within = (inner: string) => (path === '$' ? inner : inner.replace(/^\$/, path));
  try {
    checkOutputShape(file, rule.service, rule.operation, record, rule.parameter === undefined ? [] : [rule.parameter]);
  } catch (err) {
    if (err instanceof ExportError && path !== '$') throw new ExportError(file, within(err.path), err.expected);
    throw err;
  }
  if (rule.parameter !== undefined && typeof record[rule.parameter] !== 'string') {
    throw new ExportError(file, member(path, rule.parameter), `${PARAMETER_HINTS[rule.parameter]} (${rule.command} does not print it)`);
  }
  return build(file, rule.kind, record, path);
}

function build(file: string, kind: ExportPieceKind, doc: Record<string, unknown>, path: string): ExportPiece {
  switch (kind) {
    case 'authorization-details':
      return { kind, file, details: doc as unknown as AuthorizationDetails };
    case 'credential-report': {
      const content = doc['Content'];
      if (typeof content !== 'string') throw new ExportError(file, member(path, 'Content'), 'the report, base64-encoded');
      const csv = Buffer.from(content, 'base64').toString('utf8');
      if (!looksLikeCredentialReport(csv)) throw new ExportError(file, member(path, 'Content'), 'a base64-encoded credential report (text/csv)');
      return { kind, file, rows: parseCredentialReport(`${file} (Content)`, csv) };
    }
    case 'password-policy':
      return { kind, file, policy: doc['PasswordPolicy'] as Record<string, never> };
    case 'virtual-mfa-devices':
      return {
        kind,
        file,
        devices: listOf(doc['VirtualMFADevices']).map((d, i) => {
          const serial = requireString(file, d, 'SerialNumber', member(member(path, 'VirtualMFADevices'), i));
          const user = d['User'] as Record<string, unknown> | undefined;
          return {
            serialNumber: serial,
            ...(typeof user?.['Arn'] === 'string' ? { userArn: user['Arn'] } : {}),
            ...(d['EnableDate'] !== undefined ? { enableDate: isoTime(d['EnableDate'] as string) } : {}),
          };
        }),
      };
    case 'account-summary':
      return { kind, file, summary: doc['SummaryMap'] as Record<string, number> };
    case 'server-certificates':
      return {
        kind,
        file,
        certificates: listOf(doc['ServerCertificateMetadataList']).map((c, i) => {
          const at = member(member(path, 'ServerCertificateMetadataList'), i);
          return {
            name: requireString(file, c, 'ServerCertificateName', at),
            arn: requireString(file, c, 'Arn', at),
            id: requireString(file, c, 'ServerCertificateId', at),
            path: typeof c['Path'] === 'string' ? c['Path'] : '/',
            ...(c['UploadDate'] !== undefined ? { uploadDate: isoTime(c['UploadDate'] as string) } : {}),
            ...(c['Expiration'] !== undefined ? { expiration: isoTime(c['Expiration'] as string) } : {}),
          };
        }),
      };
    case 'organization': {
      const org = doc['Organization'] as Record<string, unknown>;
      const at = member(path, 'Organization');
      return {
        kind,
        file,
        organization: {
          id: requireString(file, org, 'Id', at),
          arn: requireString(file, org, 'Arn', at),
          featureSet: typeof org['FeatureSet'] === 'string' ? org['FeatureSet'] : 'ALL',
          managementAccountId: requireString(file, org, 'MasterAccountId', at),
        },
      };
    }
    case 'organization-roots':
      return {
        kind,
        file,
        roots: listOf(doc['Roots']).map((r, i) => {
          const at = member(member(path, 'Roots'), i);
          return {
            id: requireString(file, r, 'Id', at),
            arn: requireString(file, r, 'Arn', at),
            name: typeof r['Name'] === 'string' ? r['Name'] : 'Root',
            enabledPolicyTypes: listOf(r['PolicyTypes'])
              .filter((t) => t['Status'] === 'ENABLED')
              .map((t) => String(t['Type'])),
          };
        }),
      };
    case 'organizational-units':
      return {
        kind,
        file,
        parentId: doc['ParentId'] as string,
        units: listOf(doc['OrganizationalUnits']).map((u, i) => {
          const at = member(member(path, 'OrganizationalUnits'), i);
          return { id: requireString(file, u, 'Id', at), arn: requireString(file, u, 'Arn', at), name: typeof u['Name'] === 'string' ? u['Name'] : '' };
        }),
      };
    case 'organization-accounts':
      return {
        kind,
        file,
        parentId: doc['ParentId'] as string,
        accounts: listOf(doc['Accounts']).map((a, i) => {
          const at = member(member(path, 'Accounts'), i);
          return {
            id: requireString(file, a, 'Id', at),
            arn: requireString(file, a, 'Arn', at),
            name: typeof a['Name'] === 'string' ? a['Name'] : '',
            email: typeof a['Email'] === 'string' ? a['Email'] : '',
            status: typeof a['State'] === 'string' ? String(a['State']) : typeof a['Status'] === 'string' ? a['Status'] : 'ACTIVE',
            joinedMethod: typeof a['JoinedMethod'] === 'string' ? a['JoinedMethod'] : 'CREATED',
            ...(a['JoinedTimestamp'] !== undefined ? { joinedTimestamp: isoTime(a['JoinedTimestamp'] as string) } : {}),
          };
        }),
      };
    case 'organization-policies':
      return { kind, file, policies: listOf(doc['Policies']).map((p, i) => policySummary(file, p, member(member(path, 'Policies'), i))) };
    case 'organization-policy': {
      const policy = doc['Policy'] as Record<string, unknown>;
      const at = member(path, 'Policy');
      const summary = policy['PolicySummary'];
      if (typeof summary !== 'object' || summary === null) throw new ExportError(file, member(at, 'PolicySummary'), 'the policy summary');
      const content = requireString(file, policy, 'Content', at);
      return { kind, file, policy: policySummary(file, summary as Record<string, unknown>, member(at, 'PolicySummary')), content };
    }
    case 'organization-policy-targets':
      return {
        kind,
        file,
        policyId: doc['PolicyId'] as string,
        targets: listOf(doc['Targets']).map((t, i) => {
          const at = member(member(path, 'Targets'), i);
          return {
            targetId: requireString(file, t, 'TargetId', at),
            type: requireString(file, t, 'Type', at),
            name: typeof t['Name'] === 'string' ? t['Name'] : '',
          };
        }),
      };
    case 'trails':
      return {
        kind,
        file,
        trails: listOf(doc['trailList']).map((t, i) => {
          const at = member(member(path, 'trailList'), i);
          return {
            name: requireString(file, t, 'Name', at),
            arn: requireString(file, t, 'TrailARN', at),
            homeRegion: typeof t['HomeRegion'] === 'string' ? t['HomeRegion'] : 'us-east-1',
            isMultiRegionTrail: t['IsMultiRegionTrail'] === true,
            isOrganizationTrail: t['IsOrganizationTrail'] === true,
          };
        }),
      };
    case 'analyzers':
      return {
        kind,
        file,
        analyzers: listOf(doc['analyzers']).map((a, i) => {
          const at = member(member(path, 'analyzers'), i);
          return {
            name: requireString(file, a, 'name', at),
            arn: requireString(file, a, 'arn', at),
            type: requireString(file, a, 'type', at),
            status: String(a['status'] ?? 'ACTIVE'),
          };
        }),
      };
    case 'bucket-policy':
      return { kind, file, bucket: doc['Bucket'] as string, policy: doc['Policy'] as string };
  }
}

function policySummary(file: string, p: Record<string, unknown>, at: string): OrganizationPolicySummary {
  return {
    id: requireString(file, p, 'Id', at),
    arn: requireString(file, p, 'Arn', at),
    name: requireString(file, p, 'Name', at),
    description: typeof p['Description'] === 'string' ? p['Description'] : '',
    type: requireString(file, p, 'Type', at),
    awsManaged: p['AwsManaged'] === true,
  };
}

function requireString(file: string, record: Record<string, unknown>, name: string, at: string): string {
  const value = record[name];
  if (typeof value !== 'string' || value === '') throw new ExportError(file, member(at, name), 'a non-empty string');
  return value;
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? (value.filter((v) => typeof v === 'object' && v !== null) as Record<string, unknown>[]) : [];
}

function has(value: Record<string, unknown>, name: string): boolean {
  return name in value;
}

/** Where JSON.parse stopped, as `line L, column C`. */
function jsonErrorPlace(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : '';
  const position = /position (\d+)/.exec(message);
  if (position === null) return /Unexpected end/.test(message) ? 'end of file' : 'start of file';
  const offset = Number(position[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}
