import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * S3's additional checksums, computed as bytes stream: CRC32, CRC32C, CRC64NVME, SHA1 and SHA256,
 * each sent and returned as the base64 of its big-endian value (`x-amz-checksum-<algorithm>`).
 * AWS: S3 User Guide, "Checking object integrity in Amazon S3".
 */
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** The header (and trailer) an algorithm's value travels in. */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** A running checksum. */
export interface Checksum {
  update(data: Buffer): void;
  /** The base64 value; call once. */
  digest(): string;
}

/** A new running checksum of the algorithm. */
export function newChecksum(algorithm: ChecksumAlgorithm): Checksum {
  switch (algorithm) {
    case 'CRC32': {
      let value = 0;
      return {
        update: (data) => {
          value = crc32(data, value);
        },
        digest: () => uint32Base64(value),
      };
    }
    case 'CRC32C':
      return crc32c();
    case 'CRC64NVME':
      return crc64nvme();
    case 'SHA1':
    case 'SHA256':
      return hashChecksum(createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256'));
  }
}

/** The checksum of data given whole. */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Buffer): string {
  const running = newChecksum(algorithm);
  running.update(data);
  return running.digest();
}

function hashChecksum(hash: Hash): Checksum {
  return { update: (data) => hash.update(data), digest: () => hash.digest('base64') };
}

function uint32Base64(value: number): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out.toString('base64');
}

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), slicing by 8. */
const CRC32C_TABLES: Uint32Array[] = (() => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    tables[0]![n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = tables[0]![n]!;
    for (let t = 1; t < 8; t++) {
      c = tables[0]![c & 0xff]! ^ (c >>> 8);
      tables[t]![n] = c >>> 0;
    }
  }
  return tables;
})();

function crc32c(): Checksum {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC32C_TABLES as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  let crc = 0xffffffff;
  return {
    update(data) {
      let i = 0;
      const end8 = data.length - (data.length % 8);
      for (; i < end8; i += 8) {
        const a = (crc ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
        crc =
          t7[a & 0xff]! ^
          t6[(a >>> 8) & 0xff]! ^
          t5[(a >>> 16) & 0xff]! ^
          t4[a >>> 24]! ^
          t3[data[i + 4]!]! ^
          t2[data[i + 5]!]! ^
          t1[data[i + 6]!]! ^
          t0[data[i + 7]!]!;
      }
      for (; i < data.length; i++) crc = t0[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
    },
    digest: () => uint32Base64(~crc),
  };
}

/** CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5), in two 32-bit halves. */
const CRC64_TABLE: { lo: Uint32Array; hi: Uint32Array } = (() => {
  const lo = new Uint32Array(256);
  const hi = new Uint32Array(256);
  const polyLo = 0xac4bc9b5;
  const polyHi = 0x9a6c9329;
  for (let n = 0; n < 256; n++) {
    let l = n;
    let h = 0;
    for (let k = 0; k < 8; k++) {
      const carry = l & 1;
      l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
      h = h >>> 1;
      if (carry) {
        l = (l ^ polyLo) >>> 0;
        h = (h ^ polyHi) >>> 0;
      }
    }
    lo[n] = l;
    hi[n] = h;
  }
  return { lo, hi };
})();

function crc64nvme(): Checksum {
  const { lo: tlo, hi: thi } = CRC64_TABLE;
  let lo = 0xffffffff;
  let hi = 0xffffffff;
  return {
    update(data) {
      for (let i = 0; i < data.length; i++) {
        const index = (lo ^ data[i]!) & 0xff;
        lo = (((lo >>> 8) | (hi << 24)) ^ tlo[index]!) >>> 0;
        hi = ((hi >>> 8) ^ thi[index]!) >>> 0;
      }
    },
    digest() {
      const out = Buffer.alloc(8);
      out.writeUInt32BE(~hi >>> 0, 0);
      out.writeUInt32BE(~lo >>> 0, 4);
      return out.toString('base64');
    },
  };
}
