import { describe, expect, it } from 'vitest';
import { buildZip } from '../../../test/support/zip.ts';
import { type ArchiveLimits, readRootFiles } from './unzip.ts';

const limits: ArchiveLimits = {
  maxEntries: 100,
  maxFileBytes: 1_000_000,
  maxTotalBytes: 2_000_000,
  maxRatio: 100,
};
const pdf = (n: number) => `%PDF-1.4\n% document ${n}\n${'x'.repeat(50)}\n%%EOF\n`;

describe('readRootFiles', () => {
  it('reads every file at the root, in order', async () => {
    const zip = buildZip([
      { name: 'a.pdf', data: pdf(1) },
      { name: 'b.pdf', data: pdf(2), deflate: false },
    ]);
    const { files, refused } = await readRootFiles(zip, limits);
    expect(files.map((f) => [f.name, f.bytes.toString()])).toEqual([
      ['a.pdf', pdf(1)],
      ['b.pdf', pdf(2)],
    ]);
    expect(refused).toEqual([]);
  });

  it('refuses files in folders, unsafe names, encrypted entries, links and empty files, one by one', async () => {
    const zip = buildZip([
      { name: 'ok.pdf', data: pdf(1) },
      { name: 'scans/', data: '' },
      { name: 'scans/inner.pdf', data: pdf(2) },
      { name: '../escape.pdf', data: pdf(3) },
      { name: '/etc/passwd', data: 'root' },
      { name: 'secret.pdf', data: pdf(4), encrypted: true },
      { name: 'link.pdf', data: '/etc/shadow', symlink: true },
      { name: 'nothing.pdf', data: '' },
    ]);
    const { files, refused } = await readRootFiles(zip, limits);
    expect(files.map((f) => f.name)).toEqual(['ok.pdf']);
    const reasons = Object.fromEntries(refused.map((r) => [r.name, r.reason]));
    expect(Object.keys(reasons)).toEqual([
      'scans/inner.pdf',
      '../escape.pdf',
      '/etc/passwd',
      'secret.pdf',
      'link.pdf',
      'nothing.pdf',
    ]);
    expect(reasons['scans/inner.pdf']).toMatch(/root of the ZIP, not inside folders/);
    expect(reasons['../escape.pdf']).toMatch(/unsafe name/);
    expect(reasons['/etc/passwd']).toMatch(/unsafe name \(absolute path\)/);
    expect(reasons['secret.pdf']).toMatch(/encrypted/);
    expect(reasons['link.pdf']).toMatch(/symbolic link/);
  });

  it('refuses a decompression bomb before inflating it', async () => {
    const zip = buildZip([{ name: 'bomb.pdf', data: Buffer.alloc(900_000) }]);
    await expect(readRootFiles(zip, limits)).rejects.toMatchObject({ code: 'zip_bomb' });
  });

  it('refuses an entry whose real size exceeds what its header declares', async () => {
    const zip = buildZip([{ name: 'liar.pdf', data: pdf(1).repeat(50), declaredSize: 100 }]);
    await expect(readRootFiles(zip, limits)).rejects.toMatchObject({ code: 'zip_invalid' });
  });

  it('refuses archives with too many entries or too many bytes in all', async () => {
    const many = buildZip(Array.from({ length: 101 }, (_, i) => ({ name: `${i}.pdf`, data: pdf(i) })));
    await expect(readRootFiles(many, limits)).rejects.toMatchObject({ code: 'zip_too_many_entries' });
    const big = 'y'.repeat(900_000);
    const heavy = buildZip([1, 2, 3].map((i) => ({ name: `${i}.txt`, data: big, deflate: false })));
    await expect(readRootFiles(heavy, limits)).rejects.toMatchObject({ code: 'zip_too_large' });
  });

  it('refuses what is not a ZIP, and a ZIP with nothing usable at its root', async () => {
    await expect(readRootFiles(Buffer.from('%PDF-1.4 not a zip'), limits)).rejects.toMatchObject({
      code: 'zip_invalid',
    });
    await expect(readRootFiles(buildZip([]), limits)).rejects.toMatchObject({ code: 'zip_empty' });
    await expect(readRootFiles(buildZip([{ name: 'folder/a.pdf', data: pdf(1) }]), limits)).rejects.toThrow(
      /no file it can process at its root \(refused: folder\/a\.pdf: in a folder/,
    );
  });

  it('takes ten thousand entries when the limit allows, and refuses them when it does not', async () => {
    const entries = Array.from({ length: 10_000 }, (_, i) => ({ name: `f${i}.txt`, data: `n${i}` }));
    const zip = buildZip(entries);
    await expect(readRootFiles(zip, { ...limits, maxEntries: 1000 })).rejects.toMatchObject({
      code: 'zip_too_many_entries',
    });
    const { files } = await readRootFiles(zip, { ...limits, maxEntries: 10_000 });
    expect(files).toHaveLength(10_000);
  });
});
