/**
 * A browser's part in the sign-in pages without a browser, for the tests of their refusals:
 * follows redirects within Gatehouse, keeps cookies, reads a page's form fields and posts forms.
 * (The flows themselves are also driven by a real Chromium: `test/support/chromium.ts`.)
 */
export interface Page {
  readonly status: number;
  readonly url: string;
  readonly html: string;
  readonly headers: Headers;
  /** Where a redirect out of Gatehouse went (the client's loopback redirect URI), not followed. */
  readonly redirectedTo?: string;
}

export class FormSession {
  readonly #cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  /** GETs a URL, following redirects that stay on Gatehouse's origin. */
  async get(url: string): Promise<Page> {
    return this.#follow(new URL(url, this.origin).toString(), { method: 'GET' });
  }

  /** POSTs `fields` as a form to `path`. */
  async post(path: string, fields: Record<string, string>): Promise<Page> {
    return this.#follow(new URL(path, this.origin).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Posts the sign-in form of `page` with `fields` (the hidden sign-in ID added). */
  async submit(page: Page, fields: Record<string, string>): Promise<Page> {
    const action = /<form method="post" action="([^"]+)"/.exec(page.html)?.[1];
    if (action === undefined) throw new Error(`no form on the page: ${page.html.slice(0, 400)}`);
    const signIn = /name="sign_in" value="([^"]+)"/.exec(page.html)?.[1];
    return this.post(action, { ...(signIn !== undefined ? { sign_in: signIn } : {}), ...fields });
  }

  /** Forgets the cookies (another browser). */
  clearCookies(): void {
    this.#cookies.clear();
  }

  async #follow(url: string, init: RequestInit): Promise<Page> {
    let current = url;
    let request = init;
    for (let hops = 0; hops < 5; hops++) {
      const res = await fetch(current, {
        ...request,
        redirect: 'manual',
        headers: { ...(request.headers as Record<string, string>), cookie: this.#cookieHeader() },
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        this.#cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location !== null) {
        const next = new URL(location, current);
        if (next.origin !== new URL(this.origin).origin)
          return { status: res.status, url: current, html: await res.text(), headers: res.headers, redirectedTo: next.toString() };
        current = next.toString();
        request = { method: 'GET' };
        continue;
      }
      return { status: res.status, url: current, html: await res.text(), headers: res.headers };
    }
    throw new Error('too many redirects');
  }

  #cookieHeader(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** The text of the element with `id` on a page (HTML entities of the five escaped characters decoded). */
export function textById(html: string, id: string): string | undefined {
  const m = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  return m?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
