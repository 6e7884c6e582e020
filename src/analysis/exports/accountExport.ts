import { parsePolicy } from '../../policy/index.js';
import { documentText } from '../snapshot/index.js';
import type { AuthorizationDetails } from '../snapshot/index.js';
import type { CredentialFacts } from './credentialReport.js';
import { ExportError, member } from './exportError.js';
import { assembleOrganization, type OrganizationExport } from './organization.js';
import type { AnalyzerFacts, ExportPiece, ExportPieceKind, PasswordPolicyFacts, ServerCertificateFacts, TrailFacts, VirtualMfaDeviceFacts } from './pieces.js';

/**
 * Everything an export says about one AWS account, assembled from its files and checked for
 * coherence: one account throughout, every entity once, every side file about the same account.
 * A member left undefined was not exported (its checks are not evaluated); `null` means the export
 * says the account has none (no password policy, no organization).
 */
export interface AccountExport {
  readonly accountId: string;
  /** GetAccountAuthorizationDetails, its pages merged. */
  readonly details: AuthorizationDetails;
  readonly credentials?: readonly CredentialFacts[];
  readonly passwordPolicy?: PasswordPolicyFacts | null;
  readonly virtualMfaDevices?: readonly VirtualMfaDeviceFacts[];
  readonly accountSummary?: Readonly<Record<string, number>>;
  readonly serverCertificates?: readonly ServerCertificateFacts[];
  readonly organization?: OrganizationExport | null;
  readonly trails?: readonly TrailFacts[];
  readonly analyzers?: readonly AnalyzerFacts[];
  readonly bucketPolicies?: readonly { readonly bucket: string; readonly policy: string }[];
  /** Each file and what it was recognised as. */
  readonly files: readonly { readonly file: string; readonly kind: ExportPieceKind }[];
  /** What was read but will not count as AWS would count it (a document Gatehouse's grammar refuses). */
  readonly warnings: readonly string[];
}

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;
const NAME_OF: Record<(typeof LISTS)[number], string> = {
  UserDetailList: 'UserName',
  GroupDetailList: 'GroupName',
  RoleDetailList: 'RoleName',
  Policies: 'Arn',
};
const ID_OF: Record<(typeof LISTS)[number], string> = { UserDetailList: 'UserId', GroupDetailList: 'GroupId', RoleDetailList: 'RoleId', Policies: 'PolicyId' };

/**
 * Assembles the files of one account's export. Requires GetAccountAuthorizationDetails; every
 * other file is optional. Throws {@link ExportError} naming the file, the JSON path and what was
 * expected there, before anything is used.
 */
export function assembleAccountExport(pieces: readonly ExportPiece[]): AccountExport {
  const details = pieces.filter((p) => p.kind === 'authorization-details');
  if (details.length === 0) {
    const file = pieces[0]?.file ?? 'the files given';
    throw new ExportError(file, '', 'an export needs the output of `aws iam get-account-authorization-details` too: none of the files given is one');
  }
  const merged: Record<(typeof LISTS)[number], Record<string, unknown>[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  const seen = new Map<string, string>();
  let accountId: string | undefined;
  let accountFile = '';
  const warnings: string[] = [];
  for (const piece of details) {
    const page = piece.details as unknown as Record<string, unknown>;
    for (const list of LISTS) {
      const items = (page[list] ?? []) as Record<string, unknown>[];
      items.forEach((item, i) => {
        const at = member(member('$', list), i);
        const name = requiredString(piece.file, item, NAME_OF[list], at);
        const arn = requiredString(piece.file, item, 'Arn', at);
        requiredString(piece.file, item, ID_OF[list], at);
        if (list !== 'Policies') requiredString(piece.file, item, 'CreateDate', at, true);
        const account = arn.split(':')[4] ?? '';
        if (!(list === 'Policies' && account === 'aws')) {
          if (!/^\d{12}$/.test(account)) throw new ExportError(piece.file, member(at, 'Arn'), `an ARN naming a 12-digit account, not \`${arn}\``);
          if (accountId === undefined) {
            accountId = account;
            accountFile = piece.file;
          } else if (account !== accountId) {
            throw new ExportError(piece.file, member(at, 'Arn'), `an ARN of account ${accountId} (as in ${accountFile}), not \`${arn}\``);
          }
        }
        const key = `${list}\n${list === 'Policies' ? arn : name.toLowerCase()}`;
        const first = seen.get(key);
        if (first !== undefined) throw new ExportError(piece.file, at, `each entity once, but \`${name}\` is also at ${first}`);
        seen.set(key, `${piece.file} ${at}`);
        checkDocuments(piece.file, list, item, at, warnings);
        merged[list].push(item);
      });
    }
  }
  if (accountId === undefined) {
    throw new ExportError(details[0]!.file, '$', 'at least one user, group, role or customer managed policy (whose ARN names the account)');
  }
  const account = accountId;

  const one = <K extends ExportPiece['kind']>(kind: K): Extract<ExportPiece, { kind: K }> | undefined => {
    const found = pieces.filter((p) => p.kind === kind) as Extract<ExportPiece, { kind: K }>[];
    if (found.length > 1 && kind !== 'bucket-policy') {
      throw new ExportError(found[1]!.file, '', `one ${kind} file per export; ${found[0]!.file} is one already`);
    }
    return found[0];
  };

  const report = one('credential-report');
  if (report !== undefined) {
    const rootArn = `arn:aws:iam::${account}:root`;
    report.rows.forEach((row, i) => {
      const arnAccount = row.arn.split(':')[4];
      if (arnAccount !== account) throw new ExportError(report.file, `line ${i + 2}, column arn`, `an ARN of account ${account}, not \`${row.arn}\``);
      if (row.isRoot && row.arn !== rootArn) throw new ExportError(report.file, `line ${i + 2}, column arn`, `\`${rootArn}\` for the root user`);
    });
  }
  const mfa = one('virtual-mfa-devices');
  mfa?.devices.forEach((d, i) => {
    if (d.serialNumber.startsWith('arn:') && d.serialNumber.split(':')[4] !== account) {
      throw new ExportError(mfa.file, `$.VirtualMFADevices[${i}].SerialNumber`, `a device of account ${account}, not \`${d.serialNumber}\``);
    }
  });
  const certificates = one('server-certificates');
  certificates?.certificates.forEach((c, i) => {
    if (c.arn.split(':')[4] !== account)
      throw new ExportError(certificates.file, `$.ServerCertificateMetadataList[${i}].Arn`, `an ARN of account ${account}, not \`${c.arn}\``);
  });
  const trails = pieces.filter((p) => p.kind === 'trails') as Extract<ExportPiece, { kind: 'trails' }>[];
  const analyzers = pieces.filter((p) => p.kind === 'analyzers') as Extract<ExportPiece, { kind: 'analyzers' }>[];
  const buckets = pieces.filter((p) => p.kind === 'bucket-policy') as Extract<ExportPiece, { kind: 'bucket-policy' }>[];
  const organization = assembleOrganization(account, pieces);
  const passwordPolicy = one('password-policy');
  const summary = one('account-summary');

  return {
    accountId: account,
    details: merged as unknown as AuthorizationDetails,
    ...(report !== undefined ? { credentials: report.rows } : {}),
    ...(passwordPolicy !== undefined ? { passwordPolicy: passwordPolicy.policy } : {}),
    ...(mfa !== undefined ? { virtualMfaDevices: mfa.devices } : {}),
    ...(summary !== undefined ? { accountSummary: summary.summary } : {}),
    ...(certificates !== undefined ? { serverCertificates: certificates.certificates } : {}),
    ...(organization !== undefined ? { organization } : {}),
    ...(trails.length > 0 ? { trails: trails.flatMap((t) => t.trails) } : {}),
    ...(analyzers.length > 0 ? { analyzers: analyzers.flatMap((a) => a.analyzers) } : {}),
    ...(buckets.length > 0 ? { bucketPolicies: buckets.map((b) => ({ bucket: b.bucket, policy: b.policy })) } : {}),
    files: pieces.map((p) => ({ file: p.file, kind: p.kind })),
    warnings,
  };
}

function requiredString(file: string, item: Record<string, unknown>, name: string, at: string, date = false): string {
  const value = item[name];
  if (date && typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value === '') throw new ExportError(file, member(at, name), date ? 'a date' : 'a non-empty string');
  return value;
}

/** Policy documents are read as IAM stored them; one Gatehouse's grammar refuses is kept, and noted. */
function checkDocuments(file: string, list: (typeof LISTS)[number], item: Record<string, unknown>, at: string, warnings: string[]): void {
  const note = (document: unknown, path: string, type: 'identity' | 'trust') => {
    if (typeof document !== 'string' && (typeof document !== 'object' || document === null)) throw new ExportError(file, path, 'a policy document');
    const parsed = parsePolicy(documentText(document as string), type, { maxLength: Number.MAX_SAFE_INTEGER, anyVersion: true });
    if (!parsed.ok)
      warnings.push(
        `${file}: ${path}: a policy document the policy engine cannot read (${parsed.errors[0]?.message ?? 'invalid'}); it grants nothing in the analysis`,
      );
  };
  const inline =
    list === 'UserDetailList' ? 'UserPolicyList' : list === 'GroupDetailList' ? 'GroupPolicyList' : list === 'RoleDetailList' ? 'RolePolicyList' : undefined;
  if (inline !== undefined) {
    ((item[inline] ?? []) as Record<string, unknown>[]).forEach((p, i) => {
      const path = member(member(at, inline), i);
      requiredString(file, p, 'PolicyName', path);
      note(p['PolicyDocument'], member(path, 'PolicyDocument'), 'identity');
    });
  }
  if (list === 'RoleDetailList') {
    if (item['AssumeRolePolicyDocument'] === undefined) throw new ExportError(file, member(at, 'AssumeRolePolicyDocument'), "the role's trust policy");
    note(item['AssumeRolePolicyDocument'], member(at, 'AssumeRolePolicyDocument'), 'trust');
  }
  if (list === 'Policies') {
    const versions = (item['PolicyVersionList'] ?? []) as Record<string, unknown>[];
    const defaultId = requiredString(file, item, 'DefaultVersionId', at);
    if (!versions.some((v) => v['VersionId'] === defaultId && v['Document'] !== undefined)) {
      throw new ExportError(file, member(at, 'PolicyVersionList'), `the default version ${defaultId} with its document`);
    }
    versions.forEach((v, i) => {
      const path = member(member(at, 'PolicyVersionList'), i);
      requiredString(file, v, 'VersionId', path);
      // The default version is what applies; the others are read when an escalation would make them default.
      if (v['VersionId'] === defaultId) note(v['Document'], member(path, 'Document'), 'identity');
    });
  }
}
