// Evidence files (佐证材料, contract §7): photos (JPEG, PNG, HEIC, WebP) and documents (PDF, Word, Excel), at
// most 9 files of 20 MB each, their type read from their first bytes (never from the name or the browser's
// word), kept in the data folder under their SHA-256 and never overwritten: the same file sent twice is one file.
// Beside a photo its thumbnail (sharp) is cached; its capture time and place are read from its EXIF (exifr).

import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, link, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import exifr from 'exifr';
import sharp from 'sharp';

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

/** The file input's `accept`: by type and by ending, as phones' pickers read one or the other. */
export const EVIDENCE_ACCEPT = [
  'image/jpeg', 'image/png', 'image/heic', 'image/heif', 'image/webp', '.jpg', '.jpeg', '.png', '.heic', '.heif', '.webp',
  'application/pdf', '.pdf', 'application/msword', '.doc', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', '.docx',
  'application/vnd.ms-excel', '.xls', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.xlsx',
].join(',');

export const isPhoto = (type: string): boolean => type.startsWith('image/');

export interface StoredEvidence {
  sha256: string;
  size: number;
  type: EvidenceType;
  /** False when a file of this hash was kept already (by this request or an earlier one). */
  created: boolean;
}

/** A photo's own capture time (as the camera wrote it, no zone) and place, from its EXIF. */
export interface PhotoFacts {
  takenAt?: string;
  latitude?: number;
  longitude?: number;
}

/** The longest side of a thumbnail, in pixels: two columns on a 360 px phone at 2× density. */
export const THUMBNAIL_SIZE = 320;

/**
 * The Content-Disposition of a served file: photos shown in the page (inline), documents downloaded
 * (attachment, never opened by the browser as ours); the name as uploaded in RFC 5987 form, with an ASCII
 * stand-in for old clients.
 */
export function contentDisposition(fileName: string, type: string): string {
  const fallback = fileName.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '') || 'file';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${isPhoto(type) ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** `2030:09:03 10:15:00` (EXIF) as `2030-09-03 10:15:00`; anything else is no capture time. */
export function exifTime(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}:\d{2}:\d{2})/.exec(raw.trim());
  return m && m[1] !== '0000' ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}` : undefined;
}

export type EvidenceRefusal = { refused: 'tooLarge' | 'unknownType' };

/** The folder of a data folder's evidence files: `<data>/evidence/<first two hex>/<sha256>`. */
export class EvidenceStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  thumbnailPathOf(sha256: string): string {
    return `${this.pathOf(sha256)}.thumb.jpg`;
  }

  async has(path: string): Promise<boolean> {
    return access(path).then(
      () => true,
      () => false,
    );
  }

  /** Removes a file and its thumbnail (a refused action's upload that nothing else refers to). */
  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
    await rm(this.thumbnailPathOf(sha256), { force: true });
  }

  /**
   * The path of a photo's JPEG thumbnail, made once and cached beside the file; undefined when sharp cannot
   * read the photo (a HEIC photo: sharp's prebuilt libvips has no HEVC decoder), and the page shows its name.
   */
  async thumbnail(sha256: string): Promise<string | undefined> {
    const path = this.thumbnailPathOf(sha256);
    if (await this.has(path)) return path;
    // A photo sharp could not read once is not tried again on every view (a marker beside it says so).
    if (await this.has(`${path}.none`)) return undefined;
    const temporary = join(this.dir, `.incoming-${randomUUID()}.jpg`);
    try {
      await sharp(this.pathOf(sha256), { failOn: 'none' })
        .rotate()
        .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 75 })
        .toFile(temporary);
      await rename(temporary, path);
      return path;
    } catch {
      await rm(temporary, { force: true });
      await writeFile(`${path}.none`, '', { mode: 0o600 }).catch(() => {});
      return undefined;
    }
  }

  /** A photo's capture time and GPS place when its EXIF has them; nothing for a photo without (or a document). */
  async photoFacts(sha256: string): Promise<PhotoFacts> {
    let tags: Record<string, unknown> | undefined;
    try {
      tags = (await exifr.parse(this.pathOf(sha256), { pick: ['DateTimeOriginal', 'CreateDate', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'], gps: true, reviveValues: false })) as
        | Record<string, unknown>
        | undefined;
    } catch {
      return {};
    }
    if (!tags) return {};
    const takenAt = exifTime(tags.DateTimeOriginal) ?? exifTime(tags.CreateDate);
    const { latitude, longitude } = tags;
    const place = typeof latitude === 'number' && typeof longitude === 'number' && Number.isFinite(latitude) && Number.isFinite(longitude) && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
    return { ...(takenAt ? { takenAt } : {}), ...(place ? { latitude, longitude } : {}) };
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
    // Past the limit the rest is read and dropped, not written: the source (an upload still arriving) is never
    // torn down mid-way, so that the person's browser gets the page saying why.
    let tooLarge = false;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (tooLarge || size > EVIDENCE_MAX_BYTES) {
          tooLarge = true;
          return done();
        }
        if (head.length < 4096) head = Buffer.concat([head, chunk.subarray(0, 4096 - head.length)]);
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, measure, createWriteStream(temporary, { mode: 0o600, flags: 'wx' }));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    if (tooLarge) {
      await rm(temporary, { force: true });
      return { refused: 'tooLarge' };
    }
    const type = sniffEvidenceType(head);
    if (!type) {
      await rm(temporary, { force: true });
      return { refused: 'unknownType' };
    }
    const sha256 = hash.digest('hex');
    const target = this.pathOf(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    let created = true;
    try {
      await link(temporary, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      created = false;
    } finally {
      await rm(temporary, { force: true });
    }
    return { sha256, size: (await stat(target)).size, type, created };
  }
}
