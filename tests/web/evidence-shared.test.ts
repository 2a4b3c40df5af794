// Evidence files on storage every web server of a town shares (ANWEI_EVIDENCE_DIR, docs/deploy.md): a photo and a
// report a principal uploads through one web server are shown, with the photo's thumbnail, and served byte for byte
// by another; without the shared folder the other server has the Evidence rows but not the files.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PDF, photo } from '../support/evidence-files.ts';
import { startEngine } from '../support/engine.ts';
import { general } from '../engine/hazard-helpers.ts';
import { linkSigner, startWeb } from './support.ts';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('evidence on a folder every web server shares', () => {
  it('a file uploaded through one web server is shown and served by another; without ANWEI_EVIDENCE_DIR the other has not got it', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    const shared = mkdtempSync(join(tmpdir(), 'anwei-evidence-nfs-'));
    onTestFinished(() => rmSync(shared, { recursive: true, force: true }));
    // One secret for all of them, as every process of a town has (ANWEI_SECRET).
    const signer = linkSigner();
    const first = await startWeb(engine, signer, { ANWEI_EVIDENCE_DIR: shared });
    const second = await startWeb(engine, signer, { ANWEI_EVIDENCE_DIR: shared });
    const alone = await startWeb(engine, signer);
    expect(first.evidence.dir).toBe(shared);
    expect(alone.evidence.dir).not.toBe(shared);

    const jpeg = await photo();
    const link = await first.link('principal', 'hazard', 'H1', ['submit']);
    const done = await first.upload(link.path('submit'), { evidence: '已更换接地线' }, [
      { name: '现场照片.jpg', data: jpeg, type: 'image/jpeg' },
      { name: '检测报告.pdf', data: PDF, type: 'application/pdf' },
    ]);
    expect(done.status, done.text).toBe(303);

    const view = await second.get(link.view);
    expect(view.text).toContain(`<img src="/a/${link.token}/thumbs/${sha(jpeg)}" alt="现场照片.jpg"`);
    for (const [hash, data] of [[sha(jpeg), jpeg], [sha(PDF), PDF]] as const) {
      const file = await fetch(`${second.base}/a/${link.token}/files/${hash}`);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(data)).toBe(true);
    }
    expect((await fetch(`${second.base}/a/${link.token}/thumbs/${sha(jpeg)}`)).headers.get('content-type')).toBe('image/jpeg');

    // A server keeping evidence in its own data folder knows the files from the database but cannot serve them.
    expect((await alone.get(link.view)).text).not.toContain(`thumbs/${sha(jpeg)}`);
    expect((await fetch(`${alone.base}/a/${link.token}/files/${sha(PDF)}`)).status).toBe(404);
  });
});
