// The archive container round-trips members byte for byte (plain and gzip), is readable by the system tar,
// and names the member when a header or the stream is damaged or cut short.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DamagedArchiveError, extractTarArchive, tarMemberOffsets, writeTarArchive } from './tarArchive.ts';

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-tar-'));
}

function members(dir: string) {
  const files = {
    'manifest.json': '{"kind":"CsocBackup"}\n',
    'database/runs.jsonl': '{"id":"r1"}\n'.repeat(3000),
    'git/acme.bundle': Buffer.from(Array.from({ length: 1025 }, (_, index) => index % 256)),
    'database/empty.jsonl': '',
  };
  return Object.entries(files).map(([name, content]) => {
    const file = path.join(dir, name.replaceAll('/', '_'));
    fs.writeFileSync(file, content);
    return { name, file, sha256: createHash('sha256').update(content).digest('hex') };
  });
}

describe('the backup archive container', () => {
  it.each([false, true])('round-trips every member byte for byte (gzip: %s)', async (gzip) => {
    const dir = scratch();
    const sources = members(dir);
    const archive = path.join(dir, gzip ? 'backup.tar.gz' : 'backup.tar');
    await writeTarArchive(archive, sources, { gzip });
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
    const extracted = await extractTarArchive(archive, fs.mkdtempSync(path.join(dir, 'out-')));
    expect(extracted.map(({ name, sha256 }) => ({ name, sha256 }))).toEqual(
      sources.map(({ name, sha256 }) => ({ name, sha256 })),
    );
    // Any tar reads it: the format is plain ustar.
    const listed = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(sources.map((source) => source.name));
  });

  it('never overwrites an existing file', async () => {
    const dir = scratch();
    const archive = path.join(dir, 'taken.tar');
    fs.writeFileSync(archive, 'keep me');
    await expect(writeTarArchive(archive, members(dir), { gzip: false })).rejects.toThrow(/EEXIST/);
    expect(fs.readFileSync(archive, 'utf8')).toBe('keep me');
  });

  it('names the member whose header is damaged', async () => {
    const dir = scratch();
    const archive = path.join(dir, 'backup.tar');
    await writeTarArchive(archive, members(dir), { gzip: false });
    const bundle = tarMemberOffsets(archive).find((member) => member.name === 'git/acme.bundle')!;
    const bytes = fs.readFileSync(archive);
    const sizeDigit = bundle.dataOffset - 512 + 130; // a digit of the size field
    bytes[sizeDigit] = bytes[sizeDigit]! ^ 0x01;
    fs.writeFileSync(archive, bytes);
    const error = await extractTarArchive(archive, fs.mkdtempSync(path.join(dir, 'out-'))).catch((e) => e);
    expect(error).toBeInstanceOf(DamagedArchiveError);
    expect(error.message).toContain('after member database/runs.jsonl');
  });

  it('names the member a truncated archive ends in', async () => {
    const dir = scratch();
    const archive = path.join(dir, 'backup.tar');
    await writeTarArchive(archive, members(dir), { gzip: false });
    const runs = tarMemberOffsets(archive).find((member) => member.name === 'database/runs.jsonl')!;
    fs.truncateSync(archive, runs.dataOffset + 100);
    await expect(extractTarArchive(archive, fs.mkdtempSync(path.join(dir, 'out-')))).rejects.toThrow(
      /ends inside member database\/runs\.jsonl/,
    );
  });

  it('refuses a damaged gzip stream, naming where it was', async () => {
    const dir = scratch();
    const archive = path.join(dir, 'backup.tar.gz');
    await writeTarArchive(archive, members(dir), { gzip: true });
    const bytes = fs.readFileSync(archive);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    fs.writeFileSync(archive, bytes);
    const error = await extractTarArchive(archive, fs.mkdtempSync(path.join(dir, 'out-'))).catch((e) => e);
    expect(error).toBeInstanceOf(DamagedArchiveError);
    expect(error.message).toMatch(/member|header/);
  });

  it('refuses members that are not plain relative files', async () => {
    const dir = scratch();
    const evil = path.join(dir, 'evil.tar');
    fs.mkdirSync(path.join(dir, 'tree'));
    fs.writeFileSync(path.join(dir, 'tree', 'x'), 'x');
    execFileSync('tar', ['-cf', evil, '-C', path.join(dir, 'tree'), '--absolute-names', '../tree/x']);
    await expect(extractTarArchive(evil, fs.mkdtempSync(path.join(dir, 'out-')))).rejects.toThrow(
      /not a plain file a CSOC backup writes/,
    );
  });
});
