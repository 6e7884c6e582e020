import { isIP } from 'node:net';

/** A parsed IPv4 or IPv6 CIDR (a bare address is a /32 or /128). */
export interface Cidr {
  readonly version: 4 | 6;
  readonly bits: bigint;
  readonly prefix: number;
}

/** Parses `192.0.2.0/24`, `2001:db8::/32`, or a bare address; undefined when not valid. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const version = isIP(address);
  if (version !== 4 && version !== 6) return undefined;
  const width = version === 4 ? 32 : 128;
  let prefix = width;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > width) return undefined;
    prefix = Number(p);
  }
  return { version, bits: toBits(address, version), prefix };
}

function toBits(address: string, version: 4 | 6): bigint {
  if (version === 4) return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  const [head = '', tail = ''] = address.includes('::') ? address.split('::') : [address, ''];
  const expand = (s: string): string[] => (s === '' ? [] : s.split(':').flatMap((g) => (g.includes('.') ? ipv4Groups(g) : [g])));
  const h = expand(head);
  const t = expand(tail);
  const groups = address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function ipv4Groups(v4: string): string[] {
  const n = v4.split('.').map(Number);
  return [((n[0]! << 8) | n[1]!).toString(16), ((n[2]! << 8) | n[3]!).toString(16)];
}

/** The CIDR with its host bits cleared, when any are set (`10.0.0.1/8` → `10.0.0.0/8`). */
export function normalizedCidr(c: Cidr): string | undefined {
  const width = c.version === 4 ? 32 : 128;
  const hostMask = (1n << BigInt(width - c.prefix)) - 1n;
  if ((c.bits & hostMask) === 0n) return undefined;
  const net = c.bits & ~hostMask;
  const text =
    c.version === 4
      ? [24n, 16n, 8n, 0n].map((s) => String((net >> s) & 255n)).join('.')
      : Array.from({ length: 8 }, (_, i) => ((net >> BigInt((7 - i) * 16)) & 0xffffn).toString(16)).join(':');
  return `${text}/${c.prefix}`;
}

/** RFC 1918 and RFC 4193/4291 private and local ranges: never a request's public source address. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'].map(
  (c) => parseCidr(c)!,
);

/** Whether the whole range lies in a private range. */
export function isPrivateRange(c: Cidr): boolean {
  return PRIVATE.some((p) => {
    if (p.version !== c.version || c.prefix < p.prefix) return false;
    const width = BigInt(c.version === 4 ? 32 : 128);
    const shift = width - BigInt(p.prefix);
    return c.bits >> shift === p.bits >> shift;
  });
}
