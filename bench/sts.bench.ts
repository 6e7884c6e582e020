/**
 * bench:sts — sts:AssumeRole calls (each issues new temporary credentials) and requests made
 * with session credentials (sts:GetCallerIdentity with an ASIA key and its token: the session is
 * verified from the token alone), beside a bare node:http floor and the AssumeRole floor
 * (`bench/support/servers.ts`: a node:http server that only verifies SigV4 with Gatehouse's own
 * code and issues a key, a secret and a sealed session token, with no lookup, no policy and no
 * audit), all in alternating rounds of one run (`BENCH_ROUNDS`, `BENCH_ROUND_SECONDS`).
 * Target: AssumeRole ≥ 0.70 of the AssumeRole floor measured in the same run (a fixed rate depends on the machine).
 *
 * And IAM Roles Anywhere's CreateSession of the same role (its trust policy allows both the user
 * and rolesanywhere.amazonaws.com), signed by an EC P-256 certificate issued by the trust anchor's
 * CA: the same role session as AssumeRole plus the X.509 signature, the chain to the anchor, the
 * profile and the certificate's attributes as session tags. The ratio of the two is what the
 * certificate checks cost.
 */
import { IAMClient, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CreateProfileCommand, CreateTrustAnchorCommand, RolesAnywhereClient } from '@aws-sdk/client-rolesanywhere';
import { signCreateSession } from '../src/client/index.js';
import { issue, rootCa } from '../test/support/pki.js';
import { BENCH_ACCOUNT, BENCH_KEYS } from './support/servers.js';
import { CONNECTIONS, HEADER, alternate, load, row, signedQuery, startServer, watchMachine } from './support/load.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 6);
const ROUND_SECONDS = Number(process.env['BENCH_ROUND_SECONDS'] ?? 2);

const bare = await startServer('bare');
const assumeFloor = await startServer('assume-floor');
const gatehouse = await startServer('gatehouse');
try {
  const base = { endpoint: `http://127.0.0.1:${gatehouse.port}`, region: 'us-east-1', maxAttempts: 1 };
  const iam = new IAMClient({ ...base, credentials: BENCH_KEYS });
  await iam.send(new CreateUserCommand({ UserName: 'bench-assumer' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'bench-assumer', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench-assumer' }))).AccessKey!;
  const user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  const trust = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${BENCH_ACCOUNT}:user/bench-assumer` }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { Service: 'rolesanywhere.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] },
    ],
  };
  await iam.send(new CreateRoleCommand({ RoleName: 'bench-role', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] };
  await iam.send(new PutRolePolicyCommand({ RoleName: 'bench-role', PolicyName: 'whoami', PolicyDocument: JSON.stringify(policy) }));
  const roleArn = `arn:aws:iam::${BENCH_ACCOUNT}:role/bench-role`;
  const session = (await new STSClient({ ...base, credentials: user }).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bench' })))
    .Credentials!;
  const sessionCredentials = { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! };

  const ra = new RolesAnywhereClient({ ...base, credentials: BENCH_KEYS });
  const ca = await rootCa('CN=Bench Root CA');
  const leaf = await issue(ca, 'CN=bench-workload, O=Bench', { kind: 'p256' });
  const source = { sourceType: 'CERTIFICATE_BUNDLE' as const, sourceData: { x509CertificateData: ca.pem } };
  const trustAnchorArn = (await ra.send(new CreateTrustAnchorCommand({ name: 'bench', source, enabled: true }))).trustAnchor!.trustAnchorArn!;
  const profileArn = (await ra.send(new CreateProfileCommand({ name: 'bench', roleArns: [roleArn], enabled: true }))).profile!.profileArn!;
  const x509Signed = signCreateSession({
    certificate: leaf.pem,
    privateKey: leaf.keyPem,
    trustAnchorArn,
    profileArn,
    roleArn,
    endpoint: `http://127.0.0.1:${gatehouse.port}`,
  });
  const sessionUrl = new URL(x509Signed.url);
  const createSession = {
    method: 'POST',
    path: `${sessionUrl.pathname}${sessionUrl.search}`,
    headers: { ...x509Signed.headers, host: `127.0.0.1:${gatehouse.port}` },
    body: x509Signed.body,
  };

  const probe = await fetch(x509Signed.url, { method: 'POST', headers: x509Signed.headers, body: x509Signed.body });
  if (probe.status !== 201) throw new Error(`CreateSession answered ${probe.status}: ${await probe.text()}`);

  const assumeBody = `Action=AssumeRole&RoleArn=${encodeURIComponent(roleArn)}&RoleSessionName=bench&Version=2011-06-15`;
  const workloads = {
    bare: { port: bare.port, request: await signedQuery(bare.port, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', BENCH_KEYS) },
    floor: { port: assumeFloor.port, request: await signedQuery(assumeFloor.port, 'sts', assumeBody, BENCH_KEYS) },
    assume: { port: gatehouse.port, request: await signedQuery(gatehouse.port, 'sts', assumeBody, user) },
    createSession: { port: gatehouse.port, request: createSession },
    withSession: { port: gatehouse.port, request: await signedQuery(gatehouse.port, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', sessionCredentials) },
  };
  for (const w of Object.values(workloads)) await load(w.port, w.request, 1);
  const machine = watchMachine();
  const r = await alternate(workloads, ROUNDS, ROUND_SECONDS);
  const machineLoad = machine();
  console.log(`\nbench:sts — ${CONNECTIONS} connections, autocannon on loopback, one server process each;`);
  console.log(`mean of ${ROUNDS} alternating rounds of ${ROUND_SECONDS}s per workload (latency: median round)`);
  console.log(HEADER);
  console.log(row('bare node:http (static 500 B XML)', r.bare));
  console.log(row('AssumeRole floor (SigV4 + seal, nothing else)', r.floor, r.bare));
  console.log(row('sts:AssumeRole (new credentials each call)', r.assume, r.bare));
  console.log(row('rolesanywhere:CreateSession (same role, X.509)', r.createSession, r.bare));
  console.log(row('sts:GetCallerIdentity with session credentials', r.withSession, r.bare));
  console.log(machineLoad);
  console.log(
    `AssumeRole/s ${r.assume.rps.toFixed(0)}; the floor issues ${r.floor.rps.toFixed(0)}/s, gatehouse ${(r.assume.rps / r.floor.rps).toFixed(3)} of it (target ≥ 0.70)`,
  );
  console.log(
    `CreateSession/s ${r.createSession.rps.toFixed(0)}, ${(r.createSession.rps / r.assume.rps).toFixed(3)} of AssumeRole/s of the same role (the certificate checks cost the rest)`,
  );
} finally {
  bare.stop();
  assumeFloor.stop();
  gatehouse.stop();
}
