// The backup archive's container: a plain POSIX ustar file, gzip-compressed when asked, written and read
// here in a few lines so that any `tar` can list or unpack a backup and CSOC needs no archive library.
// Only regular files with short relative names are written, and only those are accepted when reading.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

const BLOCK = 512;
const MEMBER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** An archive that cannot be trusted: damaged, truncated, or not a CSOC backup. Names the member. */
export class DamagedArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DamagedArchiveError';
  }
}

export interface TarMemberSource {
  /** The member's name inside the archive, e.g. `database/runs.jsonl`. */
  name: string;
  /** The file whose bytes become the member. */
  file: string;
}

/** Writes `members` in order into a new tar file at `outFile` (mode 0600), gzip-compressed when `gzip`. */
export async function writeTarArchive(
  outFile: string,
  members: TarMemberSource[],
  options: { gzip: boolean },
): Promise<void> {
  async function* blocks(): AsyncGenerator<Buffer> {
    for (const member of members) {
      const size = fs.statSync(member.file).size;
      yield tarHeader(member.name, size);
      for await (const chunk of fs.createReadStream(member.file)) yield chunk as Buffer;
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (padding) yield Buffer.alloc(padding);
    }
    yield Buffer.alloc(BLOCK * 2);
  }
  const out = fs.createWriteStream(outFile, { flags: 'wx', mode: 0o600 });
  if (options.gzip) await pipeline(Readable.from(blocks()), zlib.createGzip(), out);
  else await pipeline(Readable.from(blocks()), out);
}

function tarHeader(name: string, size: number): Buffer {
  if (!MEMBER_NAME.test(name) || Buffer.byteLength(name) > 100)
    throw new Error(`cannot archive a member named ${JSON.stringify(name)} (at most 100 plain characters)`);
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, 100, 'utf8');
  writeOctal(header, 100, 8, 0o600);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, size);
  writeOctal(header, 136, 12, Math.floor(Date.now() / 1000));
  header.fill(' ', 148, 156);
  header.write('0', 156);
  header.write('ustar\u000000', 257, 'latin1');
  writeOctal(header, 148, 7, headerChecksum(header));
  return header;
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(value.toString(8).padStart(length - 1, '0') + '\u0000', offset, length, 'latin1');
}

function headerChecksum(header: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 32 : header[index]!;
  return sum;
}

export interface ExtractedMember {
  name: string;
  size: number;
  /** sha256 hex of the member's bytes as read. */
  sha256: string;
  /** Where the bytes were written. */
  file: string;
}

/** True when the file starts with gzip's magic bytes. */
export function isGzipFile(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const magic = Buffer.alloc(2);
    return fs.readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Unpacks every member of a tar (or tar.gz) file into `intoDir`, hashing each as it goes. Throws
 * DamagedArchiveError naming the member being read when a header, the compression or the end is damaged.
 */
export async function extractTarArchive(archive: string, intoDir: string): Promise<ExtractedMember[]> {
  const members: ExtractedMember[] = [];
  let current:
    | { name: string; size: number; remaining: number; fd: number; hash: ReturnType<typeof createHash> }
    | undefined;
  let skip = 0;
  let ended = false;
  let pending: Buffer = Buffer.alloc(0);
  const where = () =>
    current
      ? `member ${current.name}`
      : members.length
        ? `the header after member ${members.at(-1)!.name}`
        : 'the first header';

  const consume = () => {
    for (;;) {
      if (ended) return;
      if (skip > 0) {
        const skipped = Math.min(skip, pending.length);
        pending = pending.subarray(skipped);
        skip -= skipped;
        if (skip > 0) return;
      }
      if (current) {
        const taken = pending.subarray(0, Math.min(current.remaining, pending.length));
        fs.writeSync(current.fd, taken);
        current.hash.update(taken);
        current.remaining -= taken.length;
        pending = pending.subarray(taken.length);
        if (current.remaining > 0) return;
        fs.closeSync(current.fd);
        members.push({
          name: current.name,
          size: current.size,
          sha256: current.hash.digest('hex'),
          file: path.join(intoDir, current.name),
        });
        skip = (BLOCK - (current.size % BLOCK)) % BLOCK;
        current = undefined;
        continue;
      }
      if (pending.length < BLOCK) return;
      const header = pending.subarray(0, BLOCK);
      pending = pending.subarray(BLOCK);
      if (header.every((byte) => byte === 0)) {
        ended = true;
        return;
      }
      const stored = Number.parseInt(header.toString('latin1', 148, 156).replace(/\0.*$/, '').trim(), 8);
      if (stored !== headerChecksum(header))
        throw new DamagedArchiveError(
          `${where()} of the archive is damaged (its tar header checksum does not match).`,
        );
      const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const type = header.toString('latin1', 156, 157);
      const size = Number.parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/, '').trim(), 8);
      if (!MEMBER_NAME.test(name) || name.split('/').includes('..') || (type !== '0' && type !== '\0'))
        throw new DamagedArchiveError(
          `the archive holds ${JSON.stringify(name)}, which is not a plain file a CSOC backup writes; it is not a CSOC backup or it was altered.`,
        );
      if (!Number.isSafeInteger(size) || size < 0)
        throw new DamagedArchiveError(`the size in the header of member ${name} is damaged.`);
      const target = path.join(intoDir, name);
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      current = {
        name,
        size,
        remaining: size,
        fd: fs.openSync(target, 'wx', 0o600),
        hash: createHash('sha256'),
      };
    }
  };

  const source = fs.createReadStream(archive);
  const input = isGzipFile(archive) ? source.pipe(zlib.createGunzip()) : source;
  source.on('error', (error) => input.destroy(error));
  try {
    for await (const chunk of input) {
      pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
      consume();
      if (ended) break;
    }
  } catch (error) {
    if (error instanceof DamagedArchiveError) throw error;
    throw new DamagedArchiveError(
      `${where()} of the archive cannot be read (${(error as Error).message}); the file is damaged or truncated.`,
    );
  } finally {
    if (current) fs.closeSync(current.fd);
    source.destroy();
  }
  if (!ended) throw new DamagedArchiveError(`the archive ends inside ${where()}: the file is truncated.`);
  return members;
}

/** Where each member's bytes start in an uncompressed tar file (for tools and tests that inspect one). */
export function tarMemberOffsets(archive: string): { name: string; dataOffset: number; size: number }[] {
  const bytes = fs.readFileSync(archive);
  const found: { name: string; dataOffset: number; size: number }[] = [];
  for (let offset = 0; offset + BLOCK <= bytes.length;) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    const size = Number.parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/, '').trim(), 8);
    found.push({ name, dataOffset: offset + BLOCK, size });
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return found;
}
