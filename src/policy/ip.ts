/**
 * IPv4 and IPv6 addresses and CIDR blocks for the IpAddress/NotIpAddress operators.
 *
 * AWS: reference_policies_elements_condition_operators (IP address condition operators) — values
 * are "in the standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64)"; an
 * address without a prefix is one host. An IPv4 address never falls in an IPv6 block or the other
 * way round (a decision: AWS documents no mapping between the two families).
 */

/** An IPv4 address as an unsigned 32-bit number, or an IPv6 address as eight 16-bit words. */
export type IpAddress = number | readonly number[];

/** An address and a prefix length in bits. */
export interface Cidr {
  readonly address: IpAddress;
  readonly prefix: number;
}

/** Parses `203.0.113.0/24`, `2001:db8::/32` or a bare address; undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const max = typeof address === 'number' ? 32 : 128;
  if (slash < 0) return { address, prefix: max };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= max ? { address, prefix } : undefined;
}

/** Parses one IPv4 or IPv6 address; undefined when malformed. */
export function parseIp(text: string): IpAddress | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/** True when `address` lies inside `block`. */
export function cidrContains(block: Cidr, address: IpAddress): boolean {
  const want = block.address;
  if (typeof want === 'number') {
    if (typeof address !== 'number') return false;
    if (block.prefix === 0) return true;
    const shift = 32 - block.prefix;
    return want >>> shift === address >>> shift;
  }
  if (typeof address === 'number') return false;
  let bits = block.prefix;
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    if (bits >= 16) {
      if (want[i] !== address[i]) return false;
    } else {
      const shift = 16 - bits;
      return want[i]! >>> shift === address[i]! >>> shift;
    }
  }
  return true;
}

function parseIpv4(text: string): number | undefined {
  let result = 0;
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255 || part > 3) return undefined;
      result = result * 256 + value;
      part++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      value = value * 10 + (c - 48);
      digits++;
    } else {
      return undefined;
    }
  }
  return part === 4 ? result : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  const words = head.length + tail.length;
  if (halves.length === 1 ? words !== 8 : words > 7) return undefined;
  return [...head, ...new Array<number>(8 - words).fill(0), ...tail];
}

function groups(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIpv4(p);
      if (v4 === undefined) return undefined;
      out.push(Math.floor(v4 / 65536), v4 % 65536);
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
    out.push(parseInt(p, 16));
  }
  return out;
}
