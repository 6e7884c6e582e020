import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignedXml } from 'xml-crypto';
import { assertionXml, responseXml, sign, signingIdentity } from '../../../test/support/samlIdp.js';
import type { SigningIdentity } from '../../../test/support/samlIdp.js';
import { readSamlAssertion } from './samlAssertion.js';
import { SamlSignatureError, verifySamlResponse } from './samlSignature.js';

const ISSUER = 'https://idp.example.com/saml';
const PAIR = 'arn:aws:iam::123456789012:role/R,arn:aws:iam::123456789012:saml-provider/P';
const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

function certificatePem(key: SigningIdentity): string {
  return `-----BEGIN CERTIFICATE-----\n${key.certificate}\n-----END CERTIFICATE-----\n`;
}

/** Signs the first `target` element with the given algorithms (for the variants the verifier refuses). */
function signWith(xml: string, target: string, options: { key: string; algorithm: string; c14n: string; hmac?: boolean; placeIn?: string }): string {
  const signer = new SignedXml({ privateKey: options.key, signatureAlgorithm: options.algorithm, canonicalizationAlgorithm: options.c14n });
  if (options.hmac === true) signer.enableHMAC();
  const path = `(//*[local-name(.)='${target}'])[1]`;
  signer.addReference({ xpath: path, digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256', transforms: [ENVELOPED, options.c14n] });
  const location = `(//*[local-name(.)='${options.placeIn ?? target}'])[1]/*[local-name(.)='Issuer']`;
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: location, action: 'after' } });
  return signer.getSignedXml();
}

describe('verifySamlResponse', () => {
  let idp: SigningIdentity;
  before(async () => {
    idp = await signingIdentity();
  });

  it('returns the assertion as signed, reading text across comments in full', () => {
    const assertion = assertionXml({ issuer: ISSUER, roles: [PAIR], sessionName: 'alice', subject: 'alice@example.com<!---->.evil.example' });
    const verified = verifySamlResponse(responseXml(ISSUER, [sign(assertion, idp, 'Assertion')]), [idp.certificate]);
    const facts = readSamlAssertion(verified, new Date());
    assert.equal(facts.subject, 'alice@example.com.evil.example', 'a comment never truncates the NameID');
    assert.equal(facts.roleSessionName, 'alice');
  });

  it('refuses an HMAC signature keyed with the public certificate (key confusion)', () => {
    const assertion = assertionXml({ issuer: ISSUER, roles: [PAIR], sessionName: 'alice' });
    const forged = signWith(responseXml(ISSUER, [assertion]), 'Assertion', {
      key: certificatePem(idp),
      algorithm: 'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
      c14n: EXC,
      hmac: true,
    });
    assert.throws(() => verifySamlResponse(forged, [idp.certificate]), /no metadata certificate verifies the signature/);
  });

  it('refuses inclusive canonicalization', () => {
    const assertion = assertionXml({ issuer: ISSUER, roles: [PAIR], sessionName: 'alice' });
    const inclusive = signWith(responseXml(ISSUER, [assertion]), 'Assertion', {
      key: idp.privateKeyPem,
      algorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
    });
    assert.doesNotThrow(() => verifySamlResponse(responseXml(ISSUER, [sign(assertion, idp, 'Assertion')]), [idp.certificate]));
    assert.throws(() => verifySamlResponse(inclusive, [idp.certificate]), /no metadata certificate verifies the signature/);
  });

  it('refuses a signature that references another element than the one it is on', () => {
    const xml = responseXml(ISSUER, [assertionXml({ issuer: ISSUER, roles: [PAIR], sessionName: 'alice' })]);
    const misplaced = signWith(xml, 'Response', {
      key: idp.privateKeyPem,
      algorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      c14n: EXC,
      placeIn: 'Assertion',
    });
    assert.throws(() => verifySamlResponse(misplaced, [idp.certificate]), /does not reference the element it is on/);
  });

  it('refuses a signature anywhere but on the Response or the Assertion', () => {
    const xml = sign(assertionXml({ issuer: ISSUER, roles: [PAIR], sessionName: 'alice' }), idp, 'Assertion');
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)![0];
    const moved = xml.replace(signature, '').replace('</saml:Subject>', `${signature}</saml:Subject>`);
    assert.throws(() => verifySamlResponse(responseXml(ISSUER, [moved]), [idp.certificate]), /unexpected signature position/);
  });

  it('refuses a root that is not a samlp:Response', () => {
    const bare = sign(assertionXml({ issuer: ISSUER, roles: [PAIR], sessionName: 'alice' }), idp, 'Assertion');
    assert.throws(() => verifySamlResponse(bare, [idp.certificate]), /not a SAML Response/);
    assert.throws(
      () => verifySamlResponse('<samlp:Response', [idp.certificate]),
      (err) => err instanceof SamlSignatureError && /malformed/.test(err.message),
    );
  });
});
