// Evidence files as the item pages show and serve them, for whoever the caller has already let see the
// item: a link's holder (/a/<token>/files/<sha256>) or a signed-in office person (/office/…/files/<sha256>).
// Files are never served as HTML: their stored type, nosniff (an onSend hook), a sandbox CSP, and a
// Content-Disposition that downloads documents.

import type { FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import type { Database } from '../prisma/client.ts';
import { contentDisposition, isPhoto, type EvidenceStore } from './evidence.ts';
import type { Item } from './items.ts';
import type { ShownFile } from './pages.ts';

/** An evidence file is data, never a page of ours: nothing in it may run, even when a browser is asked to show it. */
const FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'none'; sandbox; frame-ancestors 'none'";

/** An item's evidence as its page lists them: each file at `<base>/files/<sha256>`, a photo's thumbnail at `<base>/thumbs/<sha256>`. */
export async function shownFiles(evidence: EvidenceStore, files: Item['detail']['files'], base: string): Promise<ShownFile[]> {
  const shown: ShownFile[] = [];
  for (const f of files) {
    // A thumbnail is made when its photo is recorded; a photo sharp cannot read (HEIC) is shown by its name.
    const thumb = isPhoto(f.type) && (await evidence.has(evidence.thumbnailPathOf(f.sha256)));
    shown.push({ ...f, href: `${base}/files/${f.sha256}`, ...(thumb ? { thumb: `${base}/thumbs/${f.sha256}` } : {}) });
  }
  return shown;
}

/**
 * One evidence file of the item, or its thumbnail; `missing()` answers when the item has no file by that hash
 * (or the file is gone from the store).
 */
export async function sendEvidence(
  db: Database,
  evidence: EvidenceStore,
  reply: FastifyReply,
  item: { kind: 'hazard' | 'task'; id: string },
  sha256: string,
  what: 'file' | 'thumb',
  missing: () => FastifyReply | Promise<FastifyReply>,
): Promise<FastifyReply> {
  const row = /^[0-9a-f]{64}$/.test(sha256) ? await db.prisma.evidence.findFirst({ where: { itemKind: item.kind, itemId: item.id, sha256 }, orderBy: { id: 'desc' } }) : null;
  const path = !row ? undefined : what === 'file' ? evidence.pathOf(sha256) : isPhoto(row.mimeType) ? await evidence.thumbnail(sha256) : undefined;
  if (!row || !path || !(await evidence.has(path))) return missing();
  reply.header('content-security-policy', FILE_CSP).header('cache-control', 'private, max-age=86400');
  if (what === 'thumb') return reply.type('image/jpeg').send(createReadStream(path));
  return reply.header('content-disposition', contentDisposition(row.fileName, row.mimeType)).header('content-length', row.size).type(row.mimeType).send(createReadStream(path));
}
