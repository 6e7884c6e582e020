import { useEffect, useState } from 'preact/hooks';
import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { onSignedOut } from './api/aws.js';
import { loadSession, signOut, type SessionInfo } from './api/session.js';
import { Loading, Notice } from './components/notices.js';
import { Page } from './components/page.js';
import { href } from './lib/nav.js';
import { SessionContext } from './session.js';
import { SignInPage } from './pages/signIn.js';
import { ChangePasswordPage } from './pages/changePassword.js';

const Dashboard = lazy(() => import('./pages/dashboard.js').then((m) => m.DashboardPage));
const Users = lazy(() => import('./pages/users.js').then((m) => m.UsersPage));
const User = lazy(() => import('./pages/user.js').then((m) => m.UserPage));
const Groups = lazy(() => import('./pages/groups.js').then((m) => m.GroupsPage));
const Group = lazy(() => import('./pages/groups.js').then((m) => m.GroupPage));
const Roles = lazy(() => import('./pages/roles.js').then((m) => m.RolesPage));
const Role = lazy(() => import('./pages/roles.js').then((m) => m.RolePage));
const Policies = lazy(() => import('./pages/policies.js').then((m) => m.PoliciesPage));
const Policy = lazy(() => import('./pages/policy.js').then((m) => m.PolicyPage));
const PolicyEditor = lazy(() => import('./pages/policyEditor.js').then((m) => m.PolicyEditorPage));
const Providers = lazy(() => import('./pages/providers.js').then((m) => m.ProvidersPage));
const MfaDevices = lazy(() => import('./pages/mfaDevices.js').then((m) => m.MfaDevicesPage));
const Credentials = lazy(() => import('./pages/credentials.js').then((m) => m.CredentialsPage));
const Simulator = lazy(() => import('./pages/simulator.js').then((m) => m.SimulatorPage));
const WhyDenied = lazy(() => import('./pages/whyDenied.js').then((m) => m.WhyDeniedPage));
const Audit = lazy(() => import('./pages/audit.js').then((m) => m.AuditPage));
const AuditEvent = lazy(() => import('./pages/audit.js').then((m) => m.AuditEventPage));
const Organizations = lazy(() => import('./pages/organizations.js').then((m) => m.OrganizationsPage));
const Analyzer = lazy(() => import('./pages/accessAnalyzer.js').then((m) => m.AccessAnalyzerPage));
const Escalation = lazy(() => import('./pages/escalation.js').then((m) => m.EscalationPage));
const Buckets = lazy(() => import('./pages/s3.js').then((m) => m.BucketsPage));
const Bucket = lazy(() => import('./pages/s3.js').then((m) => m.BucketPage));
const IdentityCenter = lazy(() => import('./pages/identityCenter.js').then((m) => m.IdentityCenterPage));
const RolesAnywhere = lazy(() => import('./pages/rolesAnywhere.js').then((m) => m.RolesAnywherePage));

/** The navigation, grouped as a person looks for things. */
const NAV: readonly (readonly [string, readonly (readonly [string, string])[]])[] = [
  [
    'Access management',
    [
      ['Dashboard', '/'],
      ['Users', '/users'],
      ['Groups', '/groups'],
      ['Roles', '/roles'],
      ['Policies', '/policies'],
      ['Identity providers', '/identity-providers'],
      ['MFA devices', '/mfa-devices'],
      ['My security credentials', '/security-credentials'],
    ],
  ],
  [
    'Analysis',
    [
      ['Policy editor', '/policies/new'],
      ['Policy simulator', '/simulator'],
      ['Why was this denied?', '/why-denied'],
      ['Access Analyzer', '/access-analyzer'],
      ['Escalation paths', '/escalation-paths'],
    ],
  ],
  ['Activity', [['Audit trail', '/audit']]],
  ['Organization', [['Organizations', '/organizations']]],
  [
    'Services',
    [
      ['S3 buckets', '/s3'],
      ['IAM Identity Center', '/identity-center'],
      ['Roles Anywhere', '/roles-anywhere'],
    ],
  ],
];

export function App() {
  const [session, setSession] = useState<SessionInfo | undefined>();
  const [state, setState] = useState<'loading' | 'ready' | 'unreachable'>('loading');
  const refresh = async () => {
    try {
      const info = await loadSession();
      setSession(info);
      setState('ready');
      return info;
    } catch {
      setState('unreachable');
      return undefined;
    }
  };
  useEffect(() => {
    void refresh();
    return onSignedOut(() => setSession(undefined));
  }, []);
  if (state === 'loading') return <Loading what="the console" />;
  if (state === 'unreachable') {
    return (
      <main>
        <Notice kind="error" title="Gatehouse did not answer">
          <p>The console could not reach Gatehouse. Check that the server is running, then reload this page.</p>
        </Notice>
      </main>
    );
  }
  return (
    <SessionContext.Provider value={{ session, refresh }}>
      <LocationProvider scope="/console">
        <Shell session={session} />
      </LocationProvider>
    </SessionContext.Provider>
  );
}

function Shell(props: { session: SessionInfo | undefined }) {
  const location = useLocation();
  const { session } = props;
  const path = location.path.replace(/\/$/, '') || '/console';
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location.url]);
  // Nobody signed in: every URL shows the sign-in page, and comes back to that URL afterwards.
  if (session === undefined) return <SignInPage />;
  if (session.state === 'password-change') return <ChangePasswordPage forced />;
  const identity = session.principal.type === 'Root' ? `root (${session.accountAlias ?? session.principal.accountId})` : session.principal.arn;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to the page
      </a>
      <header class="topbar">
        <button type="button" class="menu-toggle" aria-expanded={menuOpen} aria-controls="sidenav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <a class="brand" href={href('/')}>
          <img src="/_gatehouse/console/assets/icon.svg" alt="" />
          Gatehouse
        </a>
        <div class="who">
          <span class="identity" title={session.principal.arn}>
            {identity}
            {session.principal.mfa ? ' · MFA' : ''}
          </span>
          <SignOutButton />
        </div>
      </header>
      <div class="frame">
        <nav id="sidenav" class={`sidenav${menuOpen ? ' open' : ''}`} aria-label="Console">
          {NAV.map(([group, links]) => (
            <div key={group}>
              <h2>{group}</h2>
              <ul>
                {links.map(([label, to]) => {
                  const target = to === '/' ? '/console' : href(to);
                  return (
                    <li key={to}>
                      <a href={to === '/' ? href('/') : target} aria-current={path === target ? 'page' : undefined}>
                        {label}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main">
          <ErrorBoundary>
            <Router>
              <Route path="/console/" component={Dashboard} />
              <Route path="/console/signin" component={Dashboard} />
              <Route path="/console/users" component={Users} />
              <Route path="/console/users/:name" component={User} />
              <Route path="/console/groups" component={Groups} />
              <Route path="/console/groups/:name" component={Group} />
              <Route path="/console/roles" component={Roles} />
              <Route path="/console/roles/:name" component={Role} />
              <Route path="/console/policies" component={Policies} />
              <Route path="/console/policies/new" component={PolicyEditor} />
              <Route path="/console/policies/edit" component={PolicyEditor} />
              <Route path="/console/policies/view" component={Policy} />
              <Route path="/console/identity-providers" component={Providers} />
              <Route path="/console/mfa-devices" component={MfaDevices} />
              <Route path="/console/security-credentials" component={Credentials} />
              <Route path="/console/change-password" component={ChangePasswordPage} />
              <Route path="/console/simulator" component={Simulator} />
              <Route path="/console/why-denied" component={WhyDenied} />
              <Route path="/console/audit" component={Audit} />
              <Route path="/console/audit/:eventId" component={AuditEvent} />
              <Route path="/console/organizations" component={Organizations} />
              <Route path="/console/access-analyzer" component={Analyzer} />
              <Route path="/console/escalation-paths" component={Escalation} />
              <Route path="/console/s3" component={Buckets} />
              <Route path="/console/s3/:bucket" component={Bucket} />
              <Route path="/console/identity-center" component={IdentityCenter} />
              <Route path="/console/roles-anywhere" component={RolesAnywhere} />
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        </main>
      </div>
    </>
  );
}

function SignOutButton() {
  return (
    <button
      type="button"
      onClick={async () => {
        await signOut();
        window.location.assign(href('/'));
      }}
    >
      Sign out
    </button>
  );
}

function NotFound() {
  return (
    <Page title="No such page">
      <Notice kind="warning">
        <p>
          This address is not a page of the console. <a href={href('/')}>Go to the dashboard</a>.
        </p>
      </Notice>
    </Page>
  );
}
