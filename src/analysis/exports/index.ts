export { ExportError } from './exportError.js';
export { recogniseExport, RECOGNISED_COMMANDS } from './recognise.js';
export { assembleAccountExport, type AccountExport } from './accountExport.js';
export { assembleOrganization, type OrganizationExport, type OrganizationLevel, type PathPolicy } from './organization.js';
export {
  parseCredentialReport,
  looksLikeCredentialReport,
  type AccessKeyFacts,
  type CertificateFacts,
  type CredentialFacts,
} from './credentialReport.js';
export { isoTime } from './awsShapes.js';
export type {
  AnalyzerFacts,
  ExportPiece,
  ExportPieceKind,
  OrganizationAccount,
  OrganizationPolicySummary,
  OrganizationRoot,
  OrganizationSummary,
  OrganizationUnit,
  PasswordPolicyFacts,
  PolicyTarget,
  ServerCertificateFacts,
  TrailFacts,
  VirtualMfaDeviceFacts,
} from './pieces.js';
