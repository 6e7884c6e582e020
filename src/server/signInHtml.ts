import QRCode from 'qrcode';
import type { SignInPage } from '../services/ssooidc/index.js';

/**
 * The HTML of the sign-in pages: plain forms that work without JavaScript, labelled inputs with
 * the autocomplete hints password managers and authenticators use, errors announced to screen
 * readers (`role="alert"`), one stylesheet served beside them (the Content-Security-Policy allows
 * no inline script or style). Every value is escaped.
 */

/** HTML text of `value`: `&`, `<`, `>`, `"` and `'` escaped. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The stylesheet of the pages (served at `<prefix>/style.css`). */
export const SIGN_IN_CSS = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; display: flex; justify-content: center; padding: 3rem 1rem; }
main { max-width: 26rem; width: 100%; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
input[type=text], input[type=password] { box-sizing: border-box; width: 100%; padding: .5rem; font-size: 1rem; }
button { margin-top: 1.25rem; margin-right: .5rem; padding: .5rem 1.25rem; font-size: 1rem; cursor: pointer; }
.error { border-left: 4px solid #c00; padding: .5rem .75rem; background: rgba(200, 0, 0, .08); }
.code { font-family: ui-monospace, monospace; font-size: 1.1rem; letter-spacing: .1em; word-break: break-all; }
.muted { opacity: .75; font-size: .9rem; }
img.qr { width: 12rem; height: 12rem; background: #fff; padding: .5rem; }
`;

function layout(title: string, body: string, prefix: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} – AWS access portal (Gatehouse)</title>
<link rel="stylesheet" href="${prefix}/style.css">
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

function errorLine(error: string | undefined): string {
  return error === undefined ? '' : `<p class="error" role="alert" id="error">${escapeHtml(error)}</p>\n`;
}

function form(prefix: string, signInId: string, fields: string, buttons = '<button type="submit">Continue</button>'): string {
  return `<form method="post" action="${prefix}/sign-in">
<input type="hidden" name="sign_in" value="${escapeHtml(signInId)}">
${fields}
${buttons}
</form>`;
}

/** The page a sign-in step asks for. */
export async function renderSignInPage(page: SignInPage, prefix: string): Promise<{ status: number; html: string }> {
  switch (page.kind) {
    case 'password':
      return {
        status: page.error === undefined ? 200 : 401,
        html: layout(
          'Sign in',
          errorLine(page.error) +
            form(
              prefix,
              page.signIn.signInId,
              `<label for="username">User name</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(page.userName ?? '')}"${page.userName === undefined ? ' autofocus' : ''}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required${page.userName !== undefined ? ' autofocus' : ''}>`,
              '<button type="submit">Sign in</button>',
            ),
          prefix,
        ),
      };
    case 'new-password':
      return {
        status: page.error === undefined ? 200 : 400,
        html: layout(
          'Choose a new password',
          `<p>Your password is a one-time password. Choose a new one: 8 to 64 characters, with an uppercase and a lowercase letter, a number and a symbol.</p>
${errorLine(page.error)}${form(
  prefix,
  page.signIn.signInId,
  `<label for="new_password">New password</label>
<input type="password" id="new_password" name="new_password" autocomplete="new-password" required autofocus>
<label for="confirm_password">Confirm the new password</label>
<input type="password" id="confirm_password" name="confirm_password" autocomplete="new-password" required>`,
  '<button type="submit">Set password</button>',
)}`,
          prefix,
        ),
      };
    case 'mfa':
      return {
        status: page.error === undefined ? 200 : 401,
        html: layout(
          'Multi-factor authentication',
          `<p>Enter the code your authenticator app shows for this account.</p>
${errorLine(page.error)}${form(
  prefix,
  page.signIn.signInId,
  `<label for="code">Authenticator code</label>
<input type="text" id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required autofocus>`,
  '<button type="submit">Verify</button>',
)}`,
          prefix,
        ),
      };
    case 'enroll': {
      const qr = await QRCode.toString(page.otpauth, { type: 'svg', margin: 1 });
      return {
        status: page.error === undefined ? 200 : 401,
        html: layout(
          'Register an authenticator app',
          `<p>Your administrator requires multi-factor authentication. Add this account to an authenticator app by scanning the code, or enter the secret key by hand.</p>
<img class="qr" alt="QR code of the secret key" src="data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}">
<p>Secret key:</p>
<p class="code" id="totp-secret">${escapeHtml(page.secret)}</p>
${errorLine(page.error)}${form(
  prefix,
  page.signIn.signInId,
  `<label for="code">Code from the app</label>
<input type="text" id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required autofocus>`,
  '<button type="submit">Register</button>',
)}`,
          prefix,
        ),
      };
    }
    case 'consent':
      return {
        status: 200,
        html: layout(
          'Allow access?',
          `<p>${escapeHtml(page.clientName)} asks to access your AWS accounts and roles on your behalf.</p>
${page.userCode !== undefined ? `<p>Check that your device shows this code:</p>\n<p class="code" id="user-code">${escapeHtml(page.userCode)}</p>\n` : ''}${form(
  prefix,
  page.signIn.signInId,
  '',
  '<button type="submit" name="decision" value="allow" id="allow">Allow access</button><button type="submit" name="decision" value="deny" id="deny">Deny</button>',
)}`,
          prefix,
        ),
      };
    case 'device-code':
      return {
        status: page.error === undefined ? 200 : 400,
        html: layout(
          'Authorize a device',
          `<p>Enter the code your device or command line shows.</p>
${errorLine(page.error)}<form method="post" action="${prefix}/device">
<label for="user_code">Code</label>
<input type="text" id="user_code" name="user_code" autocomplete="off" autocapitalize="characters" spellcheck="false" required autofocus value="${escapeHtml(page.userCode ?? '')}">
<button type="submit">Next</button>
</form>`,
          prefix,
        ),
      };
    case 'done':
      return { status: 200, html: layout(page.title, `<p role="status">${escapeHtml(page.message)}</p>`, prefix) };
    case 'error':
      return { status: page.status, html: layout(page.title, `<p class="error" role="alert" id="error">${escapeHtml(page.message)}</p>`, prefix) };
    case 'redirect':
      return { status: 302, html: '' };
  }
}
