import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { CheckNoNewAccessCommand, type CheckNoNewAccessResponse } from '@aws-sdk/client-accessanalyzer';
import { CreatePolicyCommand, CreatePolicyVersionCommand, GetPolicyCommand, GetPolicyVersionCommand } from '@aws-sdk/client-iam';
import { accessAnalyzer } from '../api/accessAnalyzer.js';
import { iam } from '../api/iam.js';
import { TextField } from '../components/forms.js';
import { ErrorNotice, Loading, Notice } from '../components/notices.js';
import { Page, Panel } from '../components/page.js';
import { PolicyEditor } from '../components/policyEditor.js';
import { policyText } from '../lib/format.js';
import { href } from '../lib/nav.js';
import { useAction, useAws } from '../lib/useAws.js';

const STARTER = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadOnlyS3',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::example-bucket', 'arn:aws:s3:::example-bucket/*'],
      },
    ],
  },
  null,
  2,
);

/**
 * Writing a customer managed policy, or a new version of one. Findings are underlined as you type;
 * before a new version is saved, IAM Access Analyzer's CheckNoNewAccess compares it with the
 * current default version, and a version that grants new access needs a second, deliberate click.
 */
export function PolicyEditorPage() {
  const location = useLocation();
  const arn = location.query['arn'];
  const existing = useAws(async () => {
    if (arn === undefined) return undefined;
    const policy = (await iam().send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
    const version = await iam().send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.DefaultVersionId! }));
    return { policy, document: policyText(version.PolicyVersion?.Document) };
  }, [arn]);
  const [document, setDocument] = useState(STARTER);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [check, setCheck] = useState<CheckNoNewAccessResponse | undefined>();
  useEffect(() => {
    if (existing.data !== undefined) setDocument(existing.data.document);
  }, [existing.data]);
  useEffect(() => setCheck(undefined), [document]);

  const save = useAction(async (confirmed: boolean) => {
    if (arn === undefined) {
      const out = await iam().send(
        new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document, ...(description !== '' ? { Description: description } : {}) }),
      );
      return out.Policy!.Arn!;
    }
    if (!confirmed) {
      const result = await accessAnalyzer().send(
        new CheckNoNewAccessCommand({ newPolicyDocument: document, existingPolicyDocument: existing.data!.document, policyType: 'IDENTITY_POLICY' }),
      );
      if (result.result !== 'PASS') {
        setCheck(result);
        return undefined;
      }
    }
    await iam().send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: document, SetAsDefault: true }));
    return arn;
  });
  const submit = async (confirmed: boolean) => {
    const saved = await save.run(confirmed);
    if (saved !== undefined) location.route(href(`/policies/view?arn=${encodeURIComponent(saved)}`));
  };
  return (
    <Page
      title={arn === undefined ? 'Create policy' : `Edit ${existing.data?.policy.PolicyName ?? 'policy'}`}
      subtitle={arn === undefined ? 'A customer managed policy, checked as you type.' : 'Saving creates a new default version; the old one is kept.'}
      crumbs={[['Policies', href('/policies')]]}
    >
      {existing.loading && arn !== undefined && <Loading what="the current version" />}
      {existing.error !== undefined && <ErrorNotice error={existing.error} what="read the policy" retry={existing.reload} />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        {arn === undefined && (
          <Panel title="Name">
            <div class="inline">
              <TextField label="Policy name" value={name} onInput={setName} required maxLength={128} />
              <TextField label="Description (optional)" value={description} onInput={setDescription} maxLength={1000} />
            </div>
          </Panel>
        )}
        <Panel>
          <PolicyEditor label="Policy document" value={document} onInput={setDocument} />
        </Panel>
        {check !== undefined && (
          <Notice kind="warning" title="This version grants access the current one does not">
            <p>{check.message}</p>
            <ul>
              {(check.reasons ?? []).map((r, i) => (
                <li key={i}>
                  {r.description}
                  {r.statementIndex !== undefined && ` (statement ${r.statementIndex + 1}${r.statementId ? `, ${r.statementId}` : ''})`}
                </li>
              ))}
            </ul>
            <p>
              <button type="button" class="danger" onClick={() => submit(true)}>
                Save anyway
              </button>
            </p>
          </Notice>
        )}
        {save.error !== undefined && <ErrorNotice error={save.error} what="save the policy" />}
        <p class="inline">
          <button type="submit" class="primary" disabled={save.busy}>
            {arn === undefined ? 'Create policy' : 'Check and save new version'}
          </button>
          <a class="button" href={arn === undefined ? href('/policies') : href(`/policies/view?arn=${encodeURIComponent(arn)}`)}>
            Cancel
          </a>
        </p>
      </form>
    </Page>
  );
}
