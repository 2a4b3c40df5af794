// Evidence files (佐证材料, contract §7): photos (JPEG, PNG, HEIC, WebP) and documents (PDF, Word, Excel), at
// most 9 files of 20 MB each, their type read from their first bytes (never from the name or the browser's
// word), kept in the data folder under their SHA-256 and never overwritten: the same file sent twice is one file.
// Not yet wired to the forms: which event a file belongs to needs its place in the ledger first.

import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export const EVIDENCE_MAX_FILES = 9;
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

export type EvidenceType = 'image/jpeg' | 'image/png' | 'image/heic' | 'image/webp' | 'application/pdf' | 'application/msword' | 'application/vnd.ms-excel'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const startsWith = (head: Buffer, bytes: readonly number[], at = 0) => head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (head: Buffer, from: number, to: number) => head.subarray(from, to).toString('latin1');

/** HEIF brands of a phone camera's HEIC photo (ISO/IEC 23008-12). */
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/**
 * The type of a file by its first bytes (at least the first 4 KB when the file has them). Word and Excel of
 * 2007 and later are zip packages: which one is read from the package's first entry names, which a
 * package written by Office or WPS lists near its start ([Content_Types].xml, then word/ or xl/).
 */
export function sniffEvidenceType(head: Buffer): EvidenceType | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(head, 4, 8) === 'ftyp' && HEIC_BRANDS.has(ascii(head, 8, 12))) return 'image/heic';
  if (ascii(head, 0, 5) === '%PDF-') return 'application/pdf';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const names = head.toString('latin1');
    if (names.includes('word/')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (names.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return undefined;
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // An OLE compound file: Word 97–2003 and Excel 97–2003 name their streams in UTF-16.
    const names = head.toString('utf16le');
    if (names.includes('WordDocument')) return 'application/msword';
    if (names.includes('Workbook') || names.includes('Book')) return 'application/vnd.ms-excel';
    return undefined;
  }
  return undefined;
}

export interface StoredEvidence {
  sha256: string;
  size: number;
  type: EvidenceType;
}

export type EvidenceRefusal = { refused: 'tooLarge' | 'unknownType' };

/** The folder of a data folder's evidence files: `<data>/evidence/<first two hex>/<sha256>`. */
export class EvidenceStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /**
   * Keeps one file: streamed to a temporary file while hashed and measured, then linked under its hash
   * unless a file of that hash is there already (never overwritten). A file over the limit, or of a type
   * not accepted, leaves nothing behind.
   */
  async put(source: AsyncIterable<Buffer | Uint8Array>): Promise<StoredEvidence | EvidenceRefusal> {
    await mkdir(this.dir, { recursive: true });
    const temporary = join(this.dir, `.incoming-${randomUUID()}`);
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > EVIDENCE_MAX_BYTES) return done(new RangeError('tooLarge'));
        if (head.length < 4096) head = Buffer.concat([head, chunk.subarray(0, 4096 - head.length)]);
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, measure, createWriteStream(temporary, { mode: 0o600, flags: 'wx' }));
    } catch (error) {
      await rm(temporary, { force: true });
      if (error instanceof RangeError && error.message === 'tooLarge') return { refused: 'tooLarge' };
      throw error;
    }
    const type = sniffEvidenceType(head);
    if (!type) {
      await rm(temporary, { force: true });
      return { refused: 'unknownType' };
    }
    const sha256 = hash.digest('hex');
    const target = this.pathOf(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    try {
      await link(temporary, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(temporary, { force: true });
    }
    return { sha256, size: (await stat(target)).size, type };
  }
}
