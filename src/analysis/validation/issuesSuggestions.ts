/**
 * SUGGESTION checks: issue code → findingDetails template. AWS: IAM User Guide, "IAM policy
 * validation check reference"; checks added after the 2023 edition are worded after the current
 * edition's summaries.
 */
export const SUGGESTION_ISSUES: Readonly<Record<string, string>> = {
  EMPTY_ARRAY_ACTION: 'This statement includes no actions and does not affect the policy. Specify actions.',
  EMPTY_ARRAY_CONDITION: 'There are no values for the condition key {{key}} and it does not affect the policy. Specify conditions.',
  EMPTY_ARRAY_CONDITION_FORALLVALUES:
    'The ForAllValues prefix with an empty condition key matches only if the key {{key}} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.',
  EMPTY_ARRAY_CONDITION_FORANYVALUE:
    'The ForAnyValue prefix with an empty condition key {{key}} never matches the request context and it does not affect the policy. Specify conditions.',
  EMPTY_ARRAY_CONDITION_IFEXISTS:
    'The IfExists suffix with an empty condition key matches only if the key {{key}} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.',
  EMPTY_ARRAY_PRINCIPAL: 'This statement includes no principals and does not affect the policy. Specify principals.',
  EMPTY_ARRAY_RESOURCE: 'This statement includes no resources and does not affect the policy. Specify resources.',
  EMPTY_OBJECT_CONDITION: 'This condition block is empty and it does not affect the policy. Specify conditions.',
  EMPTY_OBJECT_PRINCIPAL: 'This statement includes no principals and does not affect the policy. Specify principals.',
  EMPTY_SID_VALUE: 'Add a value to the empty string in the Sid element.',
  EQUIVALENT_TO_NULL_FALSE:
    'The condition {{operator}} with the value {{value}} for the condition key {{key}} only checks that the key is present. We recommend that you use the Null condition operator with the value false instead.',
  EQUIVALENT_TO_NULL_TRUE:
    'The condition {{operator}} with the value {{value}} for the condition key {{key}} only checks that the key is absent. We recommend that you use the Null condition operator with the value true instead.',
  IMPROVE_IP_RANGE: 'The non-zero bits in the IP address after the masked bits are ignored. Replace address with {{address}}.',
  NULL_WITH_QUALIFIER:
    'Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively.',
  PRIVATE_IP_ADDRESS_SUBSET:
    'The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses will not have the desired effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.',
  PRIVATE_NOT_IP_ADDRESS_SUBSET:
    'The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses have no effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.',
  REDUNDANT_ACTION:
    'The {{count}} action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: {{action}}.',
  REDUNDANT_CONDITION_VALUE_NUM: 'Multiple values in {{operator}} are redundant. Replace with the {{bound}} single value for {{key}}.',
  REDUNDANT_RESOURCE: 'The {{count}} resource ARN(s) are redundant because they reference the same resource. Review the use of wildcards (*)',
  REDUNDANT_STATEMENT: 'The statements are redundant because they provide identical permissions. Update the policy to remove the redundant statement.',
  WILDCARD_IN_SERVICE_NAME:
    'Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names.',
  ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE:
    'Using the effect Allow with the tag condition key {{key}} and actions for services with the following prefixes does not affect the policy: {{serviceNames}}. Actions for the listed service are not allowed by this statement. We recommend that you move these actions to a different statement without this condition key.',
  ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE:
    "Using the effect Allow with NotAction and the tag condition key {{key}} allows only service actions that support the condition key. The condition key doesn't apply to some service actions. We recommend that you use Action instead of NotAction.",
  RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL:
    'To restrict access to the service principal {{servicePrincipal}} operating on your behalf, we recommend aws:SourceArn or aws:SourceAccount instead of {{key}}.',
  IRRELEVANT_CONDITION_KEY_IN_POLICY:
    'The condition key {{key}} is not relevant for the {{resourceType}} policy.  Use this key in an identity-based policy to govern access to this resource.',
  REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION:
    'The wildcard (*) value for the condition key {{key}} matches every value, so the key is redundant. We recommend that you remove the condition key or specify a value.',
  REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY:
    'The assumed-role principal {{redundantPrincipal}} is redundant with its parent role {{parentRole}}. Remove the assumed-role principal.',
  REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION:
    'The wildcard (*) value for the condition key {{key}} with the operator {{operator}} never matches, so the statement has no effect. We recommend that you remove the statement or update the condition.',
  CONFIRM_AUDIENCE_CLAIM_TYPE:
    "The 'aud' (audience) claim key identifies the recipients that the JSON web token is intended for. Audience claims can be multivalued or single-valued. If the claim is multivalued, use a ForAllValues or ForAnyValue qualifier. If the claim is single-valued, do not use a qualifier.",
};
