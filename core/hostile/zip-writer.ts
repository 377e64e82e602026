// A zip writer (stored entries only) for the hostile suite: it can make central-directory entries
// that point at the same local data (the overlapping-entries trick of non-recursive zip bombs).
import { crc32 } from 'node:zlib';

export interface ZipItem {
  name: string;
  body: Buffer | string;
  /** Extra central-directory names that all point at this item's local header (overlap). */
  aliases?: string[];
}

export function zip(items: ZipItem[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  for (const item of items) {
    const body = Buffer.isBuffer(item.body) ? item.body : Buffer.from(item.body);
    const name = Buffer.from(item.name);
    const crc = crc32(body);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(10, 4); lh.writeUInt16LE(0, 6); lh.writeUInt16LE(0, 8);
    lh.writeUInt32LE(0, 10); lh.writeUInt32LE(crc, 14); lh.writeUInt32LE(body.length, 18); lh.writeUInt32LE(body.length, 22);
    lh.writeUInt16LE(name.length, 26); lh.writeUInt16LE(0, 28);
    for (const alias of [item.name, ...(item.aliases ?? [])]) {
      const an = Buffer.from(alias);
      const ch = Buffer.alloc(46);
      ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(0x031e, 4); ch.writeUInt16LE(10, 6); ch.writeUInt16LE(0, 8);
      ch.writeUInt16LE(0, 10); ch.writeUInt32LE(0, 12); ch.writeUInt32LE(crc, 16); ch.writeUInt32LE(body.length, 20);
      ch.writeUInt32LE(body.length, 24); ch.writeUInt16LE(an.length, 28); ch.writeUInt16LE(0, 30); ch.writeUInt16LE(0, 32);
      ch.writeUInt16LE(0, 34); ch.writeUInt16LE(0, 36); ch.writeUInt32LE((0o100644 << 16) >>> 0, 38); ch.writeUInt32LE(offset, 42);
      central.push(ch, an);
      count++;
    }
    locals.push(lh, name, body);
    offset += lh.length + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(count, 8); end.writeUInt16LE(count, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
