/** The tables of IAM Access Analyzer (migration 0018). JSON columns hold AWS's shapes as AWS returns them. */

export interface AnalyzersTable {
  arn: string;
  account_id: string;
  name: string;
  type: string;
  status: string;
  /** JSON `{code}` (AWS's StatusReason), when the analyzer failed. */
  status_reason: string | null;
  /** The organization an ORGANIZATION analyzer's zone of trust is. */
  organization_id: string | null;
  /** JSON: AWS's AnalyzerConfiguration (unused access analyzers). */
  configuration: string | null;
  /** JSON object of the analyzer's tags. */
  tags: string;
  client_token: string | null;
  created_at: string;
  last_resource_analyzed: string | null;
  last_resource_analyzed_at: string | null;
}

export interface AnalyzerArchiveRulesTable {
  analyzer_arn: string;
  rule_name: string;
  /** JSON: AWS's FilterCriteriaMap. */
  filter: string;
  created_at: string;
  updated_at: string;
}

export interface AnalyzerFindingsTable {
  analyzer_arn: string;
  id: string;
  finding_type: string;
  resource_type: string;
  resource: string;
  resource_owner_account: string;
  status: string;
  /** What makes a finding the same finding when its resource is analyzed again. */
  fingerprint: string;
  /** JSON: the finding's details (an external access, or an unused access's details). */
  details: string;
  error: string | null;
  created_at: string;
  updated_at: string;
  analyzed_at: string;
}

export interface AnalyzerResourcesTable {
  analyzer_arn: string;
  resource_arn: string;
  resource_type: string;
  resource_owner_account: string;
  is_public: number;
  /** JSON array of the actions external principals may perform. */
  actions: string;
  error: string | null;
  created_at: string;
  updated_at: string;
  analyzed_at: string;
}

export interface AnalyzerRecommendationsTable {
  analyzer_arn: string;
  finding_id: string;
  resource_arn: string;
  status: string;
  /** JSON array of AWS's RecommendedStep. */
  steps: string;
  /** JSON `{code, message}`. */
  error: string | null;
  started_at: string;
  completed_at: string | null;
}

export interface PolicyGenerationsTable {
  job_id: string;
  account_id: string;
  principal_arn: string;
  status: string;
  client_token: string | null;
  /** JSON: AWS's GeneratedPolicyProperties. */
  properties: string;
  /** JSON array of generated policy documents. */
  policies: string | null;
  /** JSON `{code, message}` (AWS's JobError). */
  error: string | null;
  started_on: string;
  completed_on: string | null;
}

export interface AccessPreviewsTable {
  id: string;
  analyzer_arn: string;
  status: string;
  /** JSON `{code}` (AWS's AccessPreviewStatusReason). */
  status_reason: string | null;
  client_token: string | null;
  /** JSON: AWS's ConfigurationsMap as given. */
  configurations: string;
  /** JSON array of AWS's AccessPreviewFinding. */
  findings: string;
  created_at: string;
}

export interface AccessAnalyzerTables {
  analyzers: AnalyzersTable;
  analyzer_archive_rules: AnalyzerArchiveRulesTable;
  analyzer_findings: AnalyzerFindingsTable;
  analyzer_resources: AnalyzerResourcesTable;
  analyzer_recommendations: AnalyzerRecommendationsTable;
  policy_generations: PolicyGenerationsTable;
  access_previews: AccessPreviewsTable;
}
