/**
 * ERROR checks: issue code → findingDetails template (`{{name}}` is filled from the finding's
 * arguments). AWS: IAM User Guide, "IAM policy validation check reference" (access-analyzer-
 * reference-policy-checks), the "findingDetails" line of each check. Checks added after the
 * 2023 edition (RCP, MISSING_ARN_ACCOUNT, INVALID_KMS_KEY_VALUE, *_USAGE_TOO_PERMISSIVE) are
 * worded after the current edition's summaries.
 */
export const ERROR_ISSUES: Readonly<Record<string, string>> = {
  ARN_ACCOUNT_NOT_ALLOWED: 'The service {{service}} does not support specifying an account ID in the resource ARN.',
  ARN_REGION_NOT_ALLOWED: 'The service {{service}} does not support specifying a Region in the resource ARN.',
  DATA_TYPE_MISMATCH: 'The text does not match the expected JSON data type {{dataType}}.',
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE:
    'The condition key {{key}} appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys.',
  INVALID_ACTION: 'The action {{action}} does not exist.{{suggestion}}',
  INVALID_ARN_ACCOUNT: 'The resource ARN account ID {{account}} is not valid. Provide a 12-digit account ID.',
  INVALID_ARN_PREFIX: 'Add the required prefix (arn) to the resource ARN.',
  INVALID_ARN_REGION: 'The Region {{region}} is not valid for this resource. Update the resource ARN to include a supported Region.',
  INVALID_ARN_RESOURCE: 'Resource ARN does not match the expected ARN format. Update the resource portion of the ARN.',
  INVALID_ARN_SERVICE_CASE: 'Update the service name {{service}} in the resource ARN to use all lowercase letters.',
  INVALID_CONDITION_DATA_TYPE: 'The condition value data types do not match. Use condition values of the same JSON data type.',
  INVALID_CONDITION_KEY_FORMAT: 'The condition key format is not valid. Use the format service:keyname.',
  INVALID_CONDITION_MULTIPLE_BOOLEAN: 'The condition key does not support multiple Boolean values. Use a single Boolean value.',
  INVALID_CONDITION_OPERATOR: 'The condition operator {{operator}} is not valid. Use a valid condition operator.',
  INVALID_EFFECT: 'The effect {{effect}} is not valid. Use Allow or Deny.',
  INVALID_GLOBAL_CONDITION_KEY: 'The condition key {{key}} does not exist. Use a valid condition key.',
  INVALID_PARTITION: 'The resource ARN for the service {{service}} does not support the partition {{partition}}. Use the supported values: {{partitions}}',
  INVALID_POLICY_ELEMENT: 'The policy element {{element}} is not valid.',
  INVALID_PRINCIPAL_FORMAT: 'The Principal element contents are not valid. Specify a key-value pair in the Principal element.',
  INVALID_PRINCIPAL_KEY: 'The principal key {{principalKey}} is not valid.',
  // AWS: the reference spells "suported" in this message.
  INVALID_REGION: 'The Region {{region}} is not valid. Update the condition value to a suported Region.',
  INVALID_SERVICE: 'The service {{service}} does not exist. Use a valid service name.',
  INVALID_SERVICE_CONDITION_KEY: 'The condition key {{key}} does not exist in the service {{service}}. Use a valid condition key.',
  INVALID_SERVICE_IN_ACTION: 'The service {{service}} specified in the action does not exist.{{suggestion}}',
  INVALID_VARIABLE_FOR_OPERATOR: 'Policy variables can only be used with String and ARN operators.',
  INVALID_VERSION: 'The version {{version}} is not valid. Use one of the following versions: {{versions}}',
  JSON_SYNTAX_ERROR: 'Fix the JSON syntax error at index {{index}} line {{line}} column {{column}}.',
  MISSING_ACTION: 'Add an Action or NotAction element to the policy statement.',
  MISSING_ARN_FIELD: 'Resource ARNs must include at least {{fields}} fields in the following structure: arn:partition:service:region:account:resource',
  MISSING_ARN_REGION: 'Add a Region to the {{service}} resource ARN.',
  MISSING_EFFECT: 'Add an Effect element to the policy statement with a value of Allow or Deny.',
  MISSING_PRINCIPAL: 'Add a Principal element to the policy statement.',
  MISSING_QUALIFIER: 'The request context key {{key}} has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy.',
  MISSING_RESOURCE: 'Add a Resource or NotResource element to the policy statement.',
  MISSING_STATEMENT: 'Add a statement to the policy',
  NULL_WITH_IF_EXISTS: 'The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.',
  SCP_SYNTAX_ERROR_ACTION_WILDCARD: 'SCP actions can include wildcards (*) only at the end of a string. Update {{action}}.',
  SCP_SYNTAX_ERROR_PRINCIPAL: 'SCPs do not support specifying principals. Remove the Principal or NotPrincipal element.',
  UNIQUE_SIDS_REQUIRED: 'Duplicate statement IDs are not supported for this policy type. Update the Sid value.',
  UNSUPPORTED_ACTION_IN_POLICY: 'The action {{action}} is not supported for the resource-based policy attached to the resource type {{resourceType}}.',
  UNSUPPORTED_ELEMENT_COMBINATION: 'The policy elements {{element1}} and {{element2}} can not be used in the same statement. Remove one of these elements.',
  UNSUPPORTED_GLOBAL_CONDITION_KEY: 'The condition key aws:ARN is not supported. Use aws:PrincipalArn or aws:SourceArn instead.',
  UNSUPPORTED_PRINCIPAL: 'The policy type {{policyType}} does not support the Principal element. Remove the Principal element.',
  UNSUPPORTED_RESOURCE_ARN_IN_POLICY: 'The resource ARN is not supported for the resource-based policy attached to the resource type {{resourceType}}.',
  UNSUPPORTED_SID: 'Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]',
  UNSUPPORTED_WILDCARD_IN_PRINCIPAL:
    'Wildcards (*, ?) are not supported with the principal key {{principalKey}}. Replace the wildcard with a valid principal value.',
  MISSING_BRACE_IN_VARIABLE: 'The policy variable is missing a closing curly brace. Add } after the variable text.',
  MISSING_QUOTE_IN_VARIABLE: 'The policy variable default value must begin and end with a single quote. Add the missing quote.',
  UNSUPPORTED_SPACE_IN_VARIABLE: 'A space is not supported within the policy variable text. Remove the space.',
  EMPTY_VARIABLE: 'Empty policy variable. Remove the ${ } variable structure or provide a variable within the structure.',
  VARIABLE_UNSUPPORTED_IN_ELEMENT:
    'Policy variables are supported in the Resource and Condition elements. Remove the policy variable {{variable}} from this element.',
  VARIABLE_UNSUPPORTED_IN_VERSION: 'To include variables in your policy, use the policy version 2012-10-17 or later.',
  PRIVATE_IP_ADDRESS:
    'aws:SourceIp works only for public IP address ranges. The values for condition key aws:SourceIp include only private IP addresses and will not have the desired effect. Update the value to include only public IP addresses.',
  PRIVATE_NOT_IP_ADDRESS:
    'The values for condition key aws:SourceIp include only private IP addresses and has no effect. aws:SourceIp works only for public IP address ranges. Update the value to include only public IP addresses.',
  POLICY_SIZE_EXCEEDS_SCP_QUOTA:
    'The {{policySize}} characters in the service control policy (SCP) exceed the {{policySizeQuota}} character maximum for SCPs. We recommend that you use multiple granular policies.',
  INVALID_SERVICE_PRINCIPAL_FORMAT: 'The service principal does not match the expected format. Use the format {{expectedFormat}}.',
  MISSING_TAG_KEY_IN_CONDITION:
    'The condition key {{key}} must include a tag key to control access based on tags. Use the format {{key}}tag-key and specify a key name for tag-key.',
  INVALID_VPC_FORMAT: "The VPC identifier in the condition key value is not valid. Use the prefix 'vpc-' followed by 8 or 17 alphanumeric characters.",
  INVALID_VPCE_FORMAT: "The VPCE identifier in the condition key value is not valid.  Use the prefix 'vpce-' followed by 8 or 17 alphanumeric characters.",
  FEDERATED_PRINCIPAL_NOT_SUPPORTED: 'The policy type does not support a federated identity provider in the principal element. Use a supported principal.',
  UNSUPPORTED_ACTION_FOR_CONDITION_KEY:
    'The following actions: {{actions}} are not supported by the condition key {{key}}. The condition will not be evaluated for these actions. We recommend that you move these actions to a different statement without this condition key.',
  UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL: 'The following condition keys are not supported when used with the service principal: {{conditionKeys}}.',
  ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: 'Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.',
  ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL:
    '"Principal:" "*" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.',
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE:
    'Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element.',
  TYPE_MISMATCH_IP_RANGE: 'The condition operator {{operator}} is used with an invalid IP range value. Specify the IP range in standard CIDR format.',
  MISSING_ACTION_FOR_CONDITION_KEY:
    'The {{actionName}} action must be in the action block to allow setting values for the condition key {{key}}. Add {{actionName}} to the action block.',
  INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY:
    'The principal value specifies a federated principal that does not match the expected format. Update the federated principal to a domain name or a SAML metadata ARN.',
  MISMATCHED_ACTION_FOR_PRINCIPAL:
    'The {{actionName}} action is invalid with the following principal(s): {{principalNames}}. Use a SAML provider principal with the sts:AssumeRoleWithSAML action or use an OIDC provider principal with the sts:AssumeRoleWithWebIdentity action. Ensure the provider is Federated if you use either of the two options.',
  MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY:
    'The rolesanywhere.amazonaws.com service principal requires the sts:AssumeRole, sts:SetSourceIdentity, and sts:TagSession permissions to assume a role. Add the missing permissions to the policy.',
  POLICY_SIZE_EXCEEDS_RCP_QUOTA:
    'The {{policySize}} characters in the resource control policy (RCP) exceed the {{policySizeQuota}} character maximum for RCPs. We recommend that you use multiple granular policies.',
  RCP_SYNTAX_ERROR_PRINCIPAL:
    'RCPs only support specifying all principals ("*") in the Principal element. Update the Principal element or remove the NotPrincipal element.',
  RCP_SYNTAX_ERROR_ALLOW:
    'RCPs only support the effect Allow with Principal "*", Action "*" and Resource "*" and no Condition element. Update the statement to use the effect Deny.',
  RCP_SYNTAX_ERROR_NOTACTION: 'RCPs do not support the NotAction element. Update the policy to use Action instead.',
  RCP_SYNTAX_ERROR_ACTION: 'RCPs do not support the action {{action}}. Use actions of services that support RCPs.',
  MISSING_ARN_ACCOUNT: 'Add an account ID to the {{service}} resource ARN.',
  INVALID_KMS_KEY_VALUE: 'The KMS key value {{value}} is not valid. Use a KMS key ARN.',
  VARIABLE_USAGE_TOO_PERMISSIVE:
    'Using the policy variable {{variable}} in the condition key {{key}} can be overly permissive. Specify at least {{minimum}} characters before the variable, or use a different condition key.',
  WILDCARD_USAGE_TOO_PERMISSIVE:
    'Using a wildcard (*, ?) in the condition key {{key}} can be overly permissive. Specify at least {{minimum}} characters before the wildcard.',
};
