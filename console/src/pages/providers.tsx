import { useState } from 'preact/hooks';
import {
  CreateOpenIDConnectProviderCommand,
  CreateSAMLProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteSAMLProviderCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
} from '@aws-sdk/client-iam';
import { iam } from '../api/iam.js';
import { ConfirmButton, Field, TextField } from '../components/forms.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { Page, Panel } from '../components/page.js';
import { Table } from '../components/table.js';
import { when } from '../lib/format.js';
import { useAction, useAws } from '../lib/useAws.js';

/** OIDC and SAML identity providers: the outside identities roles may trust. */
export function ProvidersPage() {
  const providers = useAws(async () => {
    const oidc = (await iam().send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList ?? [];
    const saml = (await iam().send(new ListSAMLProvidersCommand({}))).SAMLProviderList ?? [];
    return [
      ...oidc.map((p) => ({ arn: p.Arn!, kind: 'OpenID Connect', created: undefined as Date | undefined })),
      ...saml.map((p) => ({ arn: p.Arn!, kind: 'SAML', created: p.CreateDate })),
    ];
  }, []);
  const [url, setUrl] = useState('');
  const [audience, setAudience] = useState('');
  const [samlName, setSamlName] = useState('');
  const [metadata, setMetadata] = useState('');
  const act = useAction(async (run: () => Promise<unknown>) => {
    await run();
    providers.reload();
  });
  return (
    <Page title="Identity providers" subtitle="OpenID Connect and SAML providers whose users may assume your roles.">
      {act.error !== undefined && <ErrorNotice error={act.error} what="change the identity providers" />}
      <Panel title="Providers">
        {providers.loading && <Loading what="identity providers" />}
        {providers.error !== undefined && <ErrorNotice error={providers.error} what="list identity providers" retry={providers.reload} />}
        {providers.data !== undefined && (
          <Table
            caption="Identity providers"
            rows={providers.data}
            rowKey={(p) => p.arn}
            empty="No identity providers."
            columns={[
              { label: 'Type', cell: (p) => p.kind },
              { label: 'ARN', cell: (p) => p.arn, mono: true },
              { label: 'Created', cell: (p) => when(p.created) },
              {
                label: 'Actions',
                cell: (p) => (
                  <ConfirmButton
                    label="Delete"
                    confirm="Delete this provider?"
                    onConfirm={() =>
                      act.run(() =>
                        p.kind === 'SAML'
                          ? iam().send(new DeleteSAMLProviderCommand({ SAMLProviderArn: p.arn }))
                          : iam().send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: p.arn })),
                      )
                    }
                  />
                ),
              },
            ]}
          />
        )}
      </Panel>
      <div class="two-col">
        <Panel title="Add an OpenID Connect provider">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act.run(() => iam().send(new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: audience === '' ? [] : [audience] })));
            }}
          >
            <TextField label="Provider URL" hint="https://, e.g. https://token.actions.githubusercontent.com" value={url} onInput={setUrl} required />
            <TextField label="Audience (client ID)" value={audience} onInput={setAudience} />
            <button type="submit" disabled={act.busy}>
              Add provider
            </button>
          </form>
        </Panel>
        <Panel title="Add a SAML provider">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act.run(() => iam().send(new CreateSAMLProviderCommand({ Name: samlName, SAMLMetadataDocument: metadata })));
            }}
          >
            <TextField label="Name" value={samlName} onInput={setSamlName} required />
            <Field label="Metadata document" hint="The identity provider's SAML metadata XML.">
              {({ id, describedBy }) => (
                <textarea
                  id={id}
                  class="code"
                  rows={6}
                  aria-describedby={describedBy}
                  value={metadata}
                  onInput={(e) => setMetadata(e.currentTarget.value)}
                  required
                />
              )}
            </Field>
            <button type="submit" disabled={act.busy}>
              Add provider
            </button>
          </form>
        </Panel>
      </div>
    </Page>
  );
}
