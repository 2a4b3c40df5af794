// Evidence files (contract §7): the type read from the content, kept by SHA-256 in the data folder, never
// overwritten, at most 20 MB; a refused file leaves nothing behind.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EVIDENCE_MAX_BYTES, EvidenceStore, sniffEvidenceType } from '../../web/evidence.ts';

function store(): EvidenceStore {
  const dir = mkdtempSync(join(tmpdir(), 'anwei-evidence-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return new EvidenceStore(join(dir, 'evidence'));
}

const bytes = (...parts: Array<number[] | string>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif\0\0', 'x'.repeat(5000));
/** Streams a buffer in chunks, as an upload arrives. */
const chunks = (data: Buffer, size = 1000) => Readable.from(Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.subarray(i * size, (i + 1) * size)));
/** Files left in the store apart from kept evidence: temporaries of refused uploads. */
const leftovers = (s: EvidenceStore) => readdirSync(s.dir).filter((n) => n.startsWith('.incoming-'));

describe('evidence files', () => {
  it('are recognised by their first bytes: phone photos and office documents, not a renamed anything else', () => {
    const utf16 = (text: string) => Buffer.from(text, 'utf16le');
    const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const cases: Array<[string, Buffer, string | undefined]> = [
      ['JPEG', JPEG, 'image/jpeg'],
      ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'), 'image/png'],
      ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'image/webp'],
      ['HEIC of an iPhone', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic'), 'image/heic'],
      ['PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
      ['Word 2007+', bytes([0x50, 0x4b, 0x03, 0x04], '....[Content_Types].xml....word/document.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['Excel 2007+', bytes([0x50, 0x4b, 0x03, 0x04], '....[Content_Types].xml....xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['Word 97', Buffer.concat([Buffer.from(ole), Buffer.alloc(100), utf16('WordDocument')]), 'application/msword'],
      ['Excel 97', Buffer.concat([Buffer.from(ole), Buffer.alloc(100), utf16('Workbook')]), 'application/vnd.ms-excel'],
      ['a plain zip', bytes([0x50, 0x4b, 0x03, 0x04], 'readme.txt'), undefined],
      ['a Windows program', bytes('MZ', [0x90, 0]), undefined],
      ['an HTML page', bytes('<html><script>'), undefined],
      ['a video (MP4)', bytes([0, 0, 0, 0x18], 'ftypisom'), undefined],
      ['nothing', Buffer.alloc(0), undefined],
    ];
    for (const [what, head, type] of cases) expect(sniffEvidenceType(head), what).toBe(type);
  });

  it('are kept under their SHA-256; the same photo sent twice is one file, never rewritten', async () => {
    const s = store();
    const first = await s.put(chunks(JPEG));
    const sha256 = createHash('sha256').update(JPEG).digest('hex');
    expect(first).toEqual({ sha256, size: JPEG.length, type: 'image/jpeg', created: true });
    const path = s.pathOf(sha256);
    expect(readFileSync(path)).toEqual(JPEG);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const inode = statSync(path).ino;

    expect(await s.put(chunks(JPEG, 333))).toEqual({ ...first, created: false });
    expect(statSync(path).ino).toBe(inode);
    expect(leftovers(s)).toEqual([]);
  });

  it('over 20 MB, or of a type not accepted, are refused and leave nothing behind', async () => {
    const s = store();
    const big = Buffer.concat([JPEG, Buffer.alloc(EVIDENCE_MAX_BYTES)]);
    expect(await s.put(chunks(big, 1024 * 1024))).toEqual({ refused: 'tooLarge' });
    expect(await s.put(chunks(bytes('MZ', 'x'.repeat(100))))).toEqual({ refused: 'unknownType' });
    expect(readdirSync(s.dir)).toEqual([]);
    // Exactly 20 MB is within the limit.
    const exact = Buffer.concat([JPEG, Buffer.alloc(EVIDENCE_MAX_BYTES - JPEG.length)]);
    expect(await s.put(chunks(exact, 1024 * 1024))).toMatchObject({ size: EVIDENCE_MAX_BYTES, type: 'image/jpeg' });
  });
});
