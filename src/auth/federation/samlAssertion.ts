import { createHash } from 'node:crypto';
import { ServiceError } from '../../errors.js';
import type { ContextValue } from '../need.js';
import { SAML_NS, SAMLP_NS, XmlRejected, attribute, childElements, onlyChild, textOf } from './samlXml.js';
import type { XmlElement } from './samlXml.js';
import type { VerifiedSamlResponse } from './samlSignature.js';

/**
 * What STS AssumeRoleWithSAML reads from a verified SAML assertion, and the checks it makes on it:
 * status, bearer subject confirmation for the AWS sign-in endpoint, audience, validity window,
 * the `https://aws.amazon.com/SAML/Attributes/…` attributes.
 *
 * AWS: id_roles_providers_create_saml_assertions (the attributes and their formats),
 * reference_policies_iam-condition-keys#condition-keys-saml (the `saml:` keys).
 */

const ATTRIBUTE_PREFIX = 'https://aws.amazon.com/SAML/Attributes/';
const PRINCIPAL_TAG_PREFIX = `${ATTRIBUTE_PREFIX}PrincipalTag:`;
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const NAMEID_FORMAT_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';
const UNSPECIFIED_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
/** AWS: the assertion consumer service of AWS sign-in, global or regional. */
const RECIPIENT = /^https:\/\/([a-z0-9-]+\.)?signin\.aws\.amazon\.com\/saml$/;
/** AWS: the audience of assertions for AWS (`urn:amazon:webservices`) or the sign-in endpoint. */
const AWS_AUDIENCE = 'urn:amazon:webservices';
/** AWS: RoleSessionName and SourceIdentity attribute values. */
const NAME_PATTERN = /^[a-zA-Z_0-9+=,.@-]{2,64}$/;
/** Clock skew accepted on the assertion's validity window, in milliseconds. */
const SKEW_MS = 5 * 60 * 1000;

/** The assertion's facts, after its checks. */
export interface SamlAssertionFacts {
  readonly issuer: string;
  readonly subject: string;
  /** `persistent`, `transient`, … or the full format URI when it is not a SAML 2.0 name ID format. */
  readonly subjectType: string;
  /** The `Recipient` of the bearer confirmation: `saml:aud` and the response's `Audience`. */
  readonly recipient: string;
  readonly roles: readonly { role: string; provider: string }[];
  readonly roleSessionName: string;
  readonly sessionNotOnOrAfter?: Date;
  readonly principalTags: readonly { Key: string; Value: string }[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
  /** Every attribute by name, with its values. */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

function invalid(message: string): ServiceError {
  return new ServiceError('InvalidIdentityToken', message);
}

/** AWS: ExpiredTokenException for an assertion presented after its validity window. */
function expired(): ServiceError {
  return new ServiceError('ExpiredTokenException', 'Token must be redeemed within 5 minutes of issuance');
}

function instant(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw invalid('Invalid SAML response');
  return date;
}

/** Reads and checks a verified assertion at time `now`. */
export function readSamlAssertion(verified: VerifiedSamlResponse, now: Date): SamlAssertionFacts {
  try {
    return read(verified, now.getTime());
  } catch (err) {
    if (err instanceof XmlRejected) throw invalid('Invalid SAML response');
    throw err;
  }
}

function read({ response, assertion }: VerifiedSamlResponse, now: number): SamlAssertionFacts {
  const statusElement = onlyChild(response, SAMLP_NS, 'Status');
  const status = statusElement === undefined ? undefined : attribute(onlyChild(statusElement, SAMLP_NS, 'StatusCode'), 'Value');
  // AWS: IDPRejectedClaim — "The identity provider (IdP) reported that authentication failed."
  if (status !== undefined && status !== SUCCESS) throw new ServiceError('IDPRejectedClaim', 'The identity provider reported that authentication failed.');

  const issuer = textOf(onlyChild(assertion, SAML_NS, 'Issuer'));
  if (issuer === undefined || issuer === '') throw invalid('Issuer not present in SAML assertion');
  const subjectElement = onlyChild(assertion, SAML_NS, 'Subject');
  const nameId = subjectElement === undefined ? undefined : onlyChild(subjectElement, SAML_NS, 'NameID');
  const subject = textOf(nameId);
  if (subjectElement === undefined || subject === undefined || subject === '') throw invalid('Subject not present in SAML assertion');
  const format = attribute(nameId, 'Format') ?? UNSPECIFIED_FORMAT;

  const recipient = bearerRecipient(subjectElement, now);
  checkConditions(onlyChild(assertion, SAML_NS, 'Conditions'), recipient, now);

  const authn = childElements(assertion, SAML_NS, 'AuthnStatement');
  const sessionNotOnOrAfter = authn.map((a) => instant(attribute(a, 'SessionNotOnOrAfter'))).find((d) => d !== undefined);
  if (sessionNotOnOrAfter !== undefined && sessionNotOnOrAfter.getTime() <= now) throw expired();

  const attributes = readAttributes(assertion);
  const sessionNames = attributes.get(`${ATTRIBUTE_PREFIX}RoleSessionName`) ?? [];
  if (sessionNames.length === 0) throw invalid('RoleSessionName is required in AuthnResponse');
  const roleSessionName = sessionNames[0]!;
  if (sessionNames.length > 1 || !NAME_PATTERN.test(roleSessionName)) throw invalid('RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');

  const duration = attributes.get(`${ATTRIBUTE_PREFIX}SessionDuration`);
  if (duration !== undefined) {
    const seconds = Number(duration[0]);
    // AWS: SessionDuration "can range from 900 seconds (15 minutes) to 43200 seconds (12 hours)".
    if (duration.length !== 1 || !Number.isInteger(seconds) || seconds < 900 || seconds > 43_200) {
      throw invalid('SessionDuration in AuthnResponse must be an integer from 900 to 43200');
    }
  }
  const sourceIdentities = attributes.get(`${ATTRIBUTE_PREFIX}SourceIdentity`);
  const sourceIdentity = sourceIdentities?.[0];
  if (
    sourceIdentities !== undefined &&
    (sourceIdentities.length !== 1 || !NAME_PATTERN.test(sourceIdentity!) || sourceIdentity!.toLowerCase().startsWith('aws:'))
  ) {
    throw invalid('Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
  }

  const principalTags: { Key: string; Value: string }[] = [];
  for (const [name, values] of attributes) {
    if (!name.startsWith(PRINCIPAL_TAG_PREFIX)) continue;
    if (values.length !== 1) throw invalid(`Attribute ${name} must have exactly one value`);
    principalTags.push({ Key: name.slice(PRINCIPAL_TAG_PREFIX.length), Value: values[0]! });
  }
  return {
    issuer,
    subject,
    subjectType: format.startsWith(NAMEID_FORMAT_PREFIX) ? format.slice(NAMEID_FORMAT_PREFIX.length) : format,
    recipient,
    roles: rolePairs(attributes.get(`${ATTRIBUTE_PREFIX}Role`) ?? []),
    roleSessionName,
    ...(sessionNotOnOrAfter !== undefined ? { sessionNotOnOrAfter } : {}),
    principalTags,
    transitiveTagKeys: attributes.get(`${ATTRIBUTE_PREFIX}TransitiveTagKeys`) ?? [],
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    attributes,
  };
}

/** The `Recipient` of a bearer confirmation valid now, addressed to AWS sign-in. */
function bearerRecipient(subject: XmlElement, now: number): string {
  let expiredSeen = false;
  for (const confirmation of childElements(subject, SAML_NS, 'SubjectConfirmation')) {
    if (attribute(confirmation, 'Method') !== BEARER) continue;
    const data = onlyChild(confirmation, SAML_NS, 'SubjectConfirmationData');
    const recipient = attribute(data, 'Recipient');
    if (recipient === undefined || !RECIPIENT.test(recipient)) continue;
    const notOnOrAfter = instant(attribute(data, 'NotOnOrAfter'));
    if (notOnOrAfter !== undefined && now - SKEW_MS >= notOnOrAfter.getTime()) {
      expiredSeen = true;
      continue;
    }
    return recipient;
  }
  if (expiredSeen) throw expired();
  throw invalid('Response does not contain a bearer SubjectConfirmation for the AWS sign-in endpoint (Recipient https://signin.aws.amazon.com/saml)');
}

/** AWS: "Response does not contain the required audience." (troubleshoot_saml). */
function checkConditions(conditions: XmlElement | undefined, recipient: string, now: number): void {
  const notBefore = instant(attribute(conditions, 'NotBefore'));
  const notOnOrAfter = instant(attribute(conditions, 'NotOnOrAfter'));
  if (notBefore !== undefined && now + SKEW_MS < notBefore.getTime()) throw invalid('The SAML assertion is not yet valid (NotBefore)');
  if (notOnOrAfter !== undefined && now - SKEW_MS >= notOnOrAfter.getTime()) throw expired();
  const restrictions = conditions === undefined ? [] : childElements(conditions, SAML_NS, 'AudienceRestriction');
  // SAML core §2.5.1.4: every AudienceRestriction must be satisfied.
  const satisfied =
    restrictions.length > 0 &&
    restrictions.every((r) =>
      childElements(r, SAML_NS, 'Audience').some((a) => {
        const value = textOf(a);
        return value === AWS_AUDIENCE || value === recipient || (value !== undefined && RECIPIENT.test(value));
      }),
    );
  if (!satisfied) throw invalid('Response does not contain the required audience.');
}

function readAttributes(assertion: XmlElement): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const statement of childElements(assertion, SAML_NS, 'AttributeStatement')) {
    for (const element of childElements(statement, SAML_NS, 'Attribute')) {
      const name = attribute(element, 'Name');
      if (name === undefined) continue;
      const values = childElements(element, SAML_NS, 'AttributeValue').map((v) => textOf(v) ?? '');
      attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
    }
  }
  return attributes;
}

/** AWS: each Role value is "role ARN,provider ARN", in either order. */
function rolePairs(values: readonly string[]): { role: string; provider: string }[] {
  const pairs: { role: string; provider: string }[] = [];
  for (const value of values) {
    const parts = value.split(',').map((p) => p.trim());
    if (parts.length !== 2) continue;
    const role = parts.find((p) => /^arn:[^:]+:iam::\d{12}:role\//.test(p));
    const provider = parts.find((p) => /^arn:[^:]+:iam::\d{12}:saml-provider\//.test(p));
    if (role !== undefined && provider !== undefined) pairs.push({ role, provider });
  }
  return pairs;
}

/**
 * AWS: NameQualifier = BASE64(SHA1(issuer + account ID + "/" + provider name))
 * (reference_policies_iam-condition-keys#condition-keys-saml, `saml:namequalifier`).
 */
export function nameQualifier(issuer: string, accountId: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${accountId}/${providerName}`).digest('base64');
}

/** Attributes named by OID that IAM exposes as `saml:` keys. */
const OID_KEYS: Readonly<Record<string, readonly string[]>> = {
  'urn:oid:2.5.4.3': ['saml:cn', 'saml:commonName'],
  'urn:oid:2.5.4.42': ['saml:givenName'],
  'urn:oid:2.5.4.4': ['saml:surname'],
  'urn:oid:0.9.2342.19200300.100.1.3': ['saml:mail'],
  'urn:oid:0.9.2342.19200300.100.1.1': ['saml:uid'],
  'urn:oid:2.16.840.1.113730.3.1.241': ['saml:displayName'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': ['saml:eduPersonAffiliation'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': ['saml:eduPersonPrincipalName'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.7': ['saml:eduPersonEntitlement'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': ['saml:eduPersonScopedAffiliation'],
};

/** The `saml:` condition keys of an assertion for the provider `providerName` of `accountId`. */
export function samlConditionKeys(facts: SamlAssertionFacts, accountId: string, providerName: string): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {
    'saml:aud': facts.recipient,
    'saml:iss': facts.issuer,
    'saml:sub': facts.subject,
    'saml:sub_type': facts.subjectType,
    'saml:namequalifier': nameQualifier(facts.issuer, accountId, providerName),
    // AWS: saml:doc is "account-ID/provider-friendly-name".
    'saml:doc': `${accountId}/${providerName}`,
  };
  for (const [oid, names] of Object.entries(OID_KEYS)) {
    const values = facts.attributes.get(oid);
    if (values === undefined) continue;
    for (const name of names) keys[name] = values.length === 1 ? values[0]! : values;
  }
  return keys;
}
