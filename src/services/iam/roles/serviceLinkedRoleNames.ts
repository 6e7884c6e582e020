/**
 * The service-linked roles AWS creates: per service principal, the role's name, the AWS managed
 * policy AWS attaches to it (under `arn:aws:iam::aws:policy/aws-service-role/`), whether the
 * service accepts a `CustomSuffix`, and the description AWS gives the role when the caller gives
 * none. AWS: each service's "Using service-linked roles" page; the names, policies, suffix rules
 * and descriptions of the services LocalStack's AWS-validated IAM tests record (71 services) are
 * AWS's recorded responses; the others follow the services' own pages. A service principal
 * outside the table gets `AWSServiceRoleFor<Name>` built from the principal, no policy and no
 * suffix.
 */

/** How one service names and equips its service-linked role. */
export interface ServiceRoleNaming {
  readonly roleName: string;
  /** The AWS managed policy attached to the role (its ARN). */
  readonly policyArn?: string;
  readonly allowsCustomSuffix: boolean;
  /** The role's description when CreateServiceLinkedRole gives none. */
  readonly description?: string;
}

/** `[role name, policy name, accepts a suffix?, default description?]` per service principal. */
const KNOWN: Readonly<Record<string, readonly [string, string, boolean?, string?]>> = {
  'access-analyzer.amazonaws.com': ['AWSServiceRoleForAccessAnalyzer', 'AccessAnalyzerServiceRolePolicy'],
  'accountdiscovery.ssm.amazonaws.com': ['AWSServiceRoleForAmazonSSM_AccountDiscovery', 'AWSSystemsManagerAccountDiscoveryServicePolicy'],
  'acm.amazonaws.com': ['AWSServiceRoleForCertificateManager', 'CertificateManagerServiceRolePolicy'],
  'appmesh.amazonaws.com': ['AWSServiceRoleForAppMesh', 'AWSAppMeshServiceRolePolicy'],
  'autoscaling-plans.amazonaws.com': ['AWSServiceRoleForAutoScalingPlans_EC2AutoScaling', 'AWSAutoScalingPlansEC2AutoScalingPolicy'],
  'autoscaling.amazonaws.com': ['AWSServiceRoleForAutoScaling', 'AutoScalingServiceRolePolicy', true],
  'backup.amazonaws.com': ['AWSServiceRoleForBackup', 'AWSBackupServiceLinkedRolePolicyForBackup'],
  'batch.amazonaws.com': ['AWSServiceRoleForBatch', 'BatchServiceRolePolicy'],
  'cassandra.application-autoscaling.amazonaws.com': [
    'AWSServiceRoleForApplicationAutoScaling_CassandraTable',
    'AWSApplicationAutoscalingCassandraTablePolicy',
  ],
  'cks.kms.amazonaws.com': ['AWSServiceRoleForKeyManagementServiceCustomKeyStores', 'AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy'],
  'cloudtrail.amazonaws.com': ['AWSServiceRoleForCloudTrail', 'CloudTrailServiceRolePolicy'],
  'codestar-notifications.amazonaws.com': ['AWSServiceRoleForCodeStarNotifications', 'AWSCodeStarNotificationsServiceRolePolicy'],
  'compute-optimizer.amazonaws.com': ['AWSServiceRoleForComputeOptimizer', 'ComputeOptimizerServiceRolePolicy'],
  'config.amazonaws.com': ['AWSServiceRoleForConfig', 'AWSConfigServiceRolePolicy'],
  'connect.amazonaws.com': ['AWSServiceRoleForAmazonConnect', 'AmazonConnectServiceLinkedRolePolicy', true],
  'custom-resource.application-autoscaling.amazonaws.com': [
    'AWSServiceRoleForApplicationAutoScaling_CustomResource',
    'AWSApplicationAutoScalingCustomResourcePolicy',
  ],
  'dms-fleet-advisor.amazonaws.com': ['AWSServiceRoleForDMSFleetAdvisor', 'AWSDMSFleetAdvisorServiceRolePolicy'],
  'dms.amazonaws.com': ['AWSServiceRoleForDMSServerless', 'AWSDMSServerlessServiceRolePolicy'],
  'docdb-elastic.amazonaws.com': ['AWSServiceRoleForDocDB-Elastic', 'AmazonDocDB-ElasticServiceRolePolicy'],
  'dynamodb.application-autoscaling.amazonaws.com': ['AWSServiceRoleForApplicationAutoScaling_DynamoDBTable', 'AWSApplicationAutoscalingDynamoDBTablePolicy'],
  'ec2-instance-connect.amazonaws.com': ['AWSServiceRoleForEc2InstanceConnect', 'Ec2InstanceConnectEndpoint'],
  'ec2.application-autoscaling.amazonaws.com': [
    'AWSServiceRoleForApplicationAutoScaling_EC2SpotFleetRequest',
    'AWSApplicationAutoscalingEC2SpotFleetRequestPolicy',
  ],
  'ecr.amazonaws.com': ['AWSServiceRoleForECRTemplate', 'ECRTemplateServiceRolePolicy'],
  'ecs.amazonaws.com': ['AWSServiceRoleForECS', 'AmazonECSServiceRolePolicy'],
  'ecs.application-autoscaling.amazonaws.com': ['AWSServiceRoleForApplicationAutoScaling_ECSService', 'AWSApplicationAutoscalingECSServicePolicy'],
  'eks-connector.amazonaws.com': ['AWSServiceRoleForAmazonEKSConnector', 'AmazonEKSConnectorServiceRolePolicy'],
  'eks-fargate.amazonaws.com': ['AWSServiceRoleForAmazonEKSForFargate', 'AmazonEKSForFargateServiceRolePolicy'],
  'eks-nodegroup.amazonaws.com': ['AWSServiceRoleForAmazonEKSNodegroup', 'AWSServiceRoleForAmazonEKSNodegroup'],
  'eks.amazonaws.com': ['AWSServiceRoleForAmazonEKS', 'AmazonEKSServiceRolePolicy'],
  'elasticache.amazonaws.com': ['AWSServiceRoleForElastiCache', 'ElastiCacheServiceRolePolicy'],
  'elasticbeanstalk.amazonaws.com': ['AWSServiceRoleForElasticBeanstalk', 'AWSElasticBeanstalkServiceRolePolicy'],
  'elasticfilesystem.amazonaws.com': ['AWSServiceRoleForAmazonElasticFileSystem', 'AmazonElasticFileSystemServiceRolePolicy'],
  'elasticloadbalancing.amazonaws.com': ['AWSServiceRoleForElasticLoadBalancing', 'AWSElasticLoadBalancingServiceRolePolicy'],
  'email.cognito-idp.amazonaws.com': ['AWSServiceRoleForAmazonCognitoIdpEmailService', 'AmazonCognitoIdpEmailServiceRolePolicy'],
  'emr-containers.amazonaws.com': ['AWSServiceRoleForAmazonEMRContainers', 'AmazonEMRContainersServiceRolePolicy'],
  'emrwal.amazonaws.com': ['AWSServiceRoleForEMRWAL', 'EMRDescribeClusterPolicyForEMRWAL'],
  'es.amazonaws.com': ['AWSServiceRoleForAmazonElasticsearchService', 'AmazonElasticsearchServiceRolePolicy'],
  'fis.amazonaws.com': ['AWSServiceRoleForFIS', 'AmazonFISServiceRolePolicy'],
  'grafana.amazonaws.com': ['AWSServiceRoleForAmazonGrafana', 'AmazonGrafanaServiceLinkedRolePolicy'],
  'guardduty.amazonaws.com': ['AWSServiceRoleForAmazonGuardDuty', 'AmazonGuardDutyServiceRolePolicy'],
  'imagebuilder.amazonaws.com': ['AWSServiceRoleForImageBuilder', 'AWSServiceRoleForImageBuilder'],
  'inspector2.amazonaws.com': ['AWSServiceRoleForAmazonInspector2', 'AmazonInspector2ServiceRolePolicy'],
  'iotmanagedintegrations.amazonaws.com': ['AWSServiceRoleForIoTManagedIntegrations', 'AWSIoTManagedIntegrationsRolePolicy'],
  'kafka.amazonaws.com': ['AWSServiceRoleForKafka', 'KafkaServiceRolePolicy'],
  'kafkaconnect.amazonaws.com': ['AWSServiceRoleForKafkaConnect', 'KafkaConnectServiceRolePolicy'],
  'lakeformation.amazonaws.com': ['AWSServiceRoleForLakeFormationDataAccess', 'LakeFormationDataAccessServiceRolePolicy'],
  'lex.amazonaws.com': ['AWSServiceRoleForLexBots', 'AmazonLexBotPolicy'],
  'lexv2.amazonaws.com': ['AWSServiceRoleForLexV2Bots', 'AmazonLexV2BotPolicy', true],
  'lightsail.amazonaws.com': ['AWSServiceRoleForLightsail', 'LightsailExportAccess'],
  'm2.amazonaws.com': ['AWSServiceRoleForAWSM2', 'AWSM2ServicePolicy'],
  'macie.amazonaws.com': ['AWSServiceRoleForAmazonMacie', 'AmazonMacieServiceRolePolicy'],
  'memorydb.amazonaws.com': ['AWSServiceRoleForMemoryDB', 'MemoryDBServiceRolePolicy'],
  'mq.amazonaws.com': ['AWSServiceRoleForAmazonMQ', 'AmazonMQServiceRolePolicy'],
  'mrk.kms.amazonaws.com': ['AWSServiceRoleForKeyManagementServiceMultiRegionKeys', 'AWSKeyManagementServiceMultiRegionKeysServiceRolePolicy'],
  'notifications.amazonaws.com': ['AWSServiceRoleForAwsUserNotifications', 'AWSUserNotificationsServiceLinkedRolePolicy'],
  'observability.aoss.amazonaws.com': ['AWSServiceRoleForAmazonOpenSearchServerless', 'AmazonOpenSearchServerlessServiceRolePolicy'],
  'opensearchservice.amazonaws.com': ['AWSServiceRoleForAmazonOpenSearchService', 'AmazonOpenSearchServiceRolePolicy'],
  'ops.apigateway.amazonaws.com': ['AWSServiceRoleForAPIGateway', 'APIGatewayServiceRolePolicy'],
  'ops.emr-serverless.amazonaws.com': ['AWSServiceRoleForAmazonEMRServerless', 'AmazonEMRServerlessServiceRolePolicy'],
  'opsdatasync.ssm.amazonaws.com': ['AWSServiceRoleForSystemsManagerOpsDataSync', 'AWSSystemsManagerOpsDataSyncServiceRolePolicy'],
  'opsinsights.ssm.amazonaws.com': ['AWSServiceRoleForAmazonSSM_OpsInsights', 'AWSSSMOpsInsightsServiceRolePolicy'],
  'organizations.amazonaws.com': ['AWSServiceRoleForOrganizations', 'AWSOrganizationsServiceTrustPolicy'],
  'pullthroughcache.ecr.amazonaws.com': ['AWSServiceRoleForECRPullThroughCache', 'AWSECRPullThroughCache_ServiceRolePolicy'],
  'ram.amazonaws.com': ['AWSServiceRoleForResourceAccessManager', 'AWSResourceAccessManagerServiceRolePolicy'],
  'rds.amazonaws.com': ['AWSServiceRoleForRDS', 'AmazonRDSServiceRolePolicy', false, 'Allows Amazon RDS to manage AWS resources on your behalf'],
  'redshift.amazonaws.com': ['AWSServiceRoleForRedshift', 'AmazonRedshiftServiceLinkedRolePolicy'],
  'replication.cassandra.amazonaws.com': ['AWSServiceRoleForKeyspacesReplication', 'KeyspacesReplicationServiceRolePolicy'],
  'replication.ecr.amazonaws.com': ['AWSServiceRoleForECRReplication', 'ECRReplicationServiceRolePolicy'],
  'repository.sync.codeconnections.amazonaws.com': ['AWSServiceRoleForGitSync', 'AWSGitSyncServiceRolePolicy'],
  'resource-explorer-2.amazonaws.com': ['AWSServiceRoleForResourceExplorer', 'AWSResourceExplorerServiceRolePolicy'],
  'rolesanywhere.amazonaws.com': ['AWSServiceRoleForRolesAnywhere', 'AWSRolesAnywhereServicePolicy'],
  's3-outposts.amazonaws.com': ['AWSServiceRoleForS3OnOutposts', 'AWSS3OnOutpostsServiceRolePolicy'],
  'securityhub.amazonaws.com': ['AWSServiceRoleForSecurityHub', 'AWSSecurityHubServiceRolePolicy'],
  'ses.amazonaws.com': ['AWSServiceRoleForAmazonSES', 'AmazonSESServiceRolePolicy'],
  'shield.amazonaws.com': ['AWSServiceRoleForAWSShield', 'AWSShieldServiceRolePolicy'],
  'spot.amazonaws.com': ['AWSServiceRoleForEC2Spot', 'AWSEC2SpotServiceRolePolicy'],
  'spotfleet.amazonaws.com': ['AWSServiceRoleForEC2SpotFleet', 'AWSEC2SpotFleetServiceRolePolicy'],
  'ssm-incidents.amazonaws.com': ['AWSServiceRoleForIncidentManager', 'AWSIncidentManagerServiceRolePolicy'],
  'ssm-quicksetup.amazonaws.com': ['AWSServiceRoleForSSMQuickSetup', 'SSMQuickSetupRolePolicy'],
  'ssm.amazonaws.com': ['AWSServiceRoleForAmazonSSM', 'AmazonSSMServiceRolePolicy', false, 'Provides access to AWS Resources managed or used by Amazon SSM.'],
  'sso.amazonaws.com': [
    'AWSServiceRoleForSSO',
    'AWSSSOServiceRolePolicy',
    false,
    'Service-linked role used by AWS SSO to manage AWS resources, including IAM roles, policies and SAML IdP on your behalf.',
  ],
  'support.amazonaws.com': ['AWSServiceRoleForSupport', 'AWSSupportServiceRolePolicy'],
  'transitgateway.amazonaws.com': ['AWSServiceRoleForVPCTransitGateway', 'AWSVPCTransitGatewayServiceRolePolicy'],
  'trustedadvisor.amazonaws.com': ['AWSServiceRoleForTrustedAdvisor', 'AWSTrustedAdvisorServiceRolePolicy'],
  'vpcorigin.cloudfront.amazonaws.com': ['AWSServiceRoleForCloudFrontVPCOrigin', 'AWSCloudFrontVPCOriginServiceRolePolicy'],
  'waf.amazonaws.com': ['AWSServiceRoleForWAFLogging', 'WAFLoggingServiceRolePolicy'],
  'wafv2.amazonaws.com': ['AWSServiceRoleForWAFV2Logging', 'WAFV2LoggingServiceRolePolicy'],
};

/** Service principals look like `name.amazonaws.com` (possibly with dotted sub-services). */
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*\.amazonaws\.com$/;

/** The naming of a service's role, or undefined when the name is not a service principal. */
export function serviceRoleNaming(serviceName: string): ServiceRoleNaming | undefined {
  const known = Object.hasOwn(KNOWN, serviceName) ? KNOWN[serviceName] : undefined;
  if (known !== undefined) {
    const [roleName, policy, allowsCustomSuffix = false, description] = known;
    return {
      roleName,
      policyArn: `arn:aws:iam::aws:policy/aws-service-role/${policy}`,
      allowsCustomSuffix,
      ...(description !== undefined ? { description } : {}),
    };
  }
  if (!SERVICE_PRINCIPAL.test(serviceName)) return undefined;
  const words = serviceName.slice(0, -'.amazonaws.com'.length).split(/[.-]/);
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return { roleName: `AWSServiceRoleFor${name}`, allowsCustomSuffix: false };
}
