// A form with evidence files (multipart/form-data), read as it streams: its text fields first, the form
// token among them checked before any file is kept; each file kept by EvidenceStore.put as it arrives. A
// refused upload (too many files, one too large, one of a type not accepted) drains the rest of the request,
// so that the phone gets the page saying why, and removes the files this request brought that nothing refers to.

import type { Multipart } from '@fastify/multipart';
import type { Database } from '../prisma/client.ts';
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES, isPhoto, type EvidenceStore, type EvidenceType, type StoredEvidence } from './evidence.ts';

/** The form's file field: `<input type="file" name="files" multiple>`, labelled 佐证材料. */
export const FILES_FIELD = 'files';

/** Busboy's limits: a file's bytes past 20 MB are cut off (the store then refuses it), a tenth file stops the form. */
export const MULTIPART_LIMITS = { files: EVIDENCE_MAX_FILES, fileSize: EVIDENCE_MAX_BYTES + 1, fields: 20, parts: 40 } as const;

export interface Upload extends StoredEvidence {
  /** The file's name as uploaded, without any folder a browser put before it. */
  name: string;
}

export type UploadRefusal = 'badForm' | 'tooLarge' | 'tooManyFiles' | 'fileTooLarge' | 'fileType';

export type ReadForm = { values: Record<string, string>; files: Upload[] } | { refused: UploadRefusal; problems: string[] };

/**
 * A name as uploaded, as it may be shown and offered: no folder, no control characters, at most 200 characters.
 * Browsers send a name's `"` and line breaks as %22, %0D and %0A (the HTML form encoding); busboy leaves them so.
 */
export function uploadedName(raw: string): string {
  const decoded = raw.replace(/%22/gi, '"').replace(/%0[ad]/gi, '');
  const base = decoded.split(/[\\/]/).pop() ?? '';
  // Control and format characters (a right-to-left override shows `gpj.exe` as `exe.jpg`) go.
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]|\p{Cf}/gu, '').trim();
  return [...clean].slice(0, 200).join('');
}

const ENDINGS: Readonly<Record<EvidenceType, readonly string[]>> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/heic': ['.heic', '.heif'],
  'image/webp': ['.webp'],
  'application/pdf': ['.pdf'],
  'application/msword': ['.doc'],
  'application/vnd.ms-excel': ['.xls'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
};

/**
 * The name a file is kept and offered under: its ending is the one of the type its content was read as, so
 * that a download saved to disk opens as what was checked (`报告.hta` holding a PDF is offered as `报告.pdf`).
 */
export function nameForType(name: string, type: EvidenceType): string {
  const endings = ENDINGS[type];
  const dot = name.lastIndexOf('.');
  const ending = dot > 0 ? name.slice(dot).toLowerCase() : '';
  if (endings.includes(ending)) return name;
  return `${dot > 0 ? name.slice(0, dot) : name || '佐证材料'}${endings[0]}`;
}

/** The line the action's text gets so that its history names the files too: `附件：a.jpg、b.pdf`. */
export const attachmentLine = (names: readonly string[]): string => `附件：${names.join('、')}`;

const isLimitError = (error: unknown, code: string) => (error as { code?: string } | undefined)?.code === code;

/**
 * Reads a multipart form: fields as strings (a repeated field counts once: its first value) and the files of
 * FILES_FIELD kept in the store. `formTokenOk` is asked, with the fields read so far, before the first file is
 * kept: a form whose token did not come first keeps nothing. `words` names each refusal's problem.
 */
export async function readUploadForm(
  parts: AsyncIterableIterator<Multipart>,
  store: EvidenceStore,
  formTokenOk: (values: Record<string, string>) => boolean,
  words: { tooLarge: (name: string) => string; unknownType: (name: string) => string; tooMany: string },
): Promise<ReadForm> {
  const values: Record<string, string> = {};
  const files: Upload[] = [];
  let refusal: { refused: UploadRefusal; problems: string[] } | undefined;
  let tokenChecked = false;
  const refuse = (refused: UploadRefusal, problem?: string) => {
    refusal ??= { refused, problems: [] };
    if (problem) refusal.problems.push(problem);
  };
  try {
    for (;;) {
      const next = await parts.next();
      if (next.done) break;
      const part = next.value;
      if (part.type === 'field') {
        // A text cut off at the form's limit is refused whole (413), never kept half.
        if (part.valueTruncated) refuse('tooLarge');
        else if (typeof part.value === 'string' && !(part.fieldname in values)) values[part.fieldname] = part.value;
        continue;
      }
      const name = uploadedName(part.filename ?? '');
      // A file input left empty still sends a part, with no name and no bytes.
      if (refusal || part.fieldname !== FILES_FIELD || !name) {
        part.file.resume();
        continue;
      }
      if (!tokenChecked && !formTokenOk(values)) {
        refuse('badForm');
        part.file.resume();
        continue;
      }
      tokenChecked = true;
      const kept = await store.put(part.file);
      if ('refused' in kept) refuse(kept.refused === 'tooLarge' ? 'fileTooLarge' : 'fileType', kept.refused === 'tooLarge' ? words.tooLarge(name) : words.unknownType(name));
      else files.push({ ...kept, name: nameForType(name, kept.type) });
    }
  } catch (error) {
    if (!isLimitError(error, 'FST_FILES_LIMIT')) {
      await discard(store, files);
      throw error;
    }
    refuse('tooManyFiles', words.tooMany);
  }
  if (refusal) {
    await discard(store, files);
    return refusal;
  }
  return { values, files };
}

/** Removes the files a request brought (created by it) that no Evidence row refers to. */
export async function discard(store: EvidenceStore, files: readonly StoredEvidence[], db?: Database): Promise<void> {
  for (const file of files) {
    if (!file.created) continue;
    if (db && (await db.prisma.evidence.count({ where: { sha256: file.sha256 } })) > 0) continue;
    await store.remove(file.sha256);
  }
}

/** Writes the Evidence rows of an accepted action, with each photo's EXIF time and place; its thumbnail is made now. */
export async function recordEvidence(
  db: Database,
  store: EvidenceStore,
  o: { itemKind: 'hazard' | 'task'; itemId: string; action: string; by: string; at: number; files: readonly Upload[] },
): Promise<void> {
  const rows = [];
  for (const f of o.files) {
    const facts = isPhoto(f.type) ? await store.photoFacts(f.sha256) : {};
    if (isPhoto(f.type)) await store.thumbnail(f.sha256);
    rows.push({
      itemKind: o.itemKind,
      itemId: o.itemId,
      action: o.action,
      sha256: f.sha256,
      fileName: f.name,
      mimeType: f.type,
      size: f.size,
      uploadedBy: o.by,
      uploadedAt: new Date(o.at),
      takenAt: facts.takenAt ?? null,
      latitude: facts.latitude ?? null,
      longitude: facts.longitude ?? null,
    });
  }
  if (rows.length) await db.prisma.evidence.createMany({ data: rows });
}
