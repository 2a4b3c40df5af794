// Contract §7, 佐证材料: photos and documents given with 提交整改 and 登记完成 from the links in the emails —
// read by their content, kept by hash only once the engine accepted the action, shown with thumbnails and a
// photo's own time and place on the item's page, served only to holders of a link to that item, and listed
// by `hazard show` and `task show`. A real server, a real engine, real files made with sharp.

import { createHash } from 'node:crypto';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { anwei } from '../support/cli.ts';
import { PDF, photo } from '../support/evidence-files.ts';
import { startEngine } from '../support/engine.ts';
import { TASK_TOWN, startTask, villageReport } from '../support/tasks.ts';
import { general } from '../engine/hazard-helpers.ts';
import { campaignLedger } from '../../activities/campaign-ledger.ts';
import { EVIDENCE_MAX_BYTES } from '../../web/evidence.ts';
import { readSheets, start as startCampaign } from '../engine/campaign-helpers.ts';
import { DAY, settled, startWeb, type Web } from './support.ts';

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The evidence files kept in the server's data folder (not thumbnails, not temporaries). */
function kept(web: Web): string[] {
  if (!existsSync(web.evidence.dir)) return [];
  return readdirSync(web.evidence.dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name))
    .map((e) => e.name)
    .sort();
}

/** Anything left in the store by a refused upload: a temporary, a file, a thumbnail. */
const everything = (web: Web) => (existsSync(web.evidence.dir) ? readdirSync(web.evidence.dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : []);

async function hazardOnFirstDay() {
  const engine = await startEngine({ start: '2030-09-02T08:00' });
  await engine.advanceTo('2030-09-02T10:00');
  await engine.report(general('H1', { workdays: 5 }));
  await engine.report(general('H2', { workdays: 5 }));
  const web = await startWeb(engine);
  return { engine, web };
}

describe('evidence files given with an action from a link', () => {
  it('the principal submits 整改情况 with a site photo and a test report: both kept by hash, the history names them, the page shows the thumbnail and the photo’s own time and place, and `hazard show` lists them; the same photo refused for another hazard stays kept for this one', async () => {
    const { engine, web } = await hazardOnFirstDay();
    const principal = await web.link('principal', 'hazard', 'H1', ['submit', 'extend']);
    const jpeg = await photo();

    const form = await web.get(principal.path('submit'));
    expect(form.text).toContain('enctype="multipart/form-data"');
    expect(form.text).toMatch(/<input type="file" id="files" name="files" multiple accept="[^"]*image\/jpeg[^"]*application\/pdf[^"]*">/);
    expect(form.text).not.toContain('capture');
    expect(form.text).toContain('佐证材料');

    const done = await web.upload(principal.path('submit'), { evidence: '已更换接地线' }, [
      { name: '现场照片.jpg', data: jpeg, type: 'image/jpeg' },
      { name: '检测报告.pdf', data: PDF, type: 'application/pdf' },
    ]);
    expect(done.status, done.text).toBe(303);
    expect(kept(web)).toEqual([sha(jpeg), sha(PDF)].sort());

    const rows = await engine.db.prisma.evidence.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.itemKind, r.itemId, r.action, r.fileName, r.mimeType, r.size, r.uploadedBy, r.sha256])).toEqual([
      ['hazard', 'H1', 'submit', '现场照片.jpg', 'image/jpeg', jpeg.length, 'principal', sha(jpeg)],
      ['hazard', 'H1', 'submit', '检测报告.pdf', 'application/pdf', PDF.length, 'principal', sha(PDF)],
    ]);
    expect(rows[0]).toMatchObject({ takenAt: '2030-09-03 10:15:00', latitude: 30.25 });
    expect(rows[0]!.longitude).toBeCloseTo(120.16667, 4);
    expect(rows[1]).toMatchObject({ takenAt: null, latitude: null, longitude: null });

    const events = await settled(
      () => engine.db.prisma.hazardEvent.findMany({ where: { hazardId: 'H1', type: 'submitted' } }),
      (e) => e.length > 0,
    );
    expect(events[0]!.evidence).toBe('已更换接地线\n附件：现场照片.jpg、检测报告.pdf');

    const view = await web.get(principal.view);
    expect(view.text).toContain(`<img src="/a/${principal.token}/thumbs/${sha(jpeg)}" alt="现场照片.jpg"`);
    expect(view.text).toContain(`href="/a/${principal.token}/files/${sha(PDF)}">检测报告.pdf</a>`);
    expect(view.text).toContain(`${PDF.length} B`);
    expect(view.text).toContain('王经理（企业主要负责人） 上传于 2030-09-02 10:00');
    expect(view.text).toContain('拍摄时间：2030-09-03 10:15');
    expect(view.text).toContain('拍摄地点：北纬30.25000° 东经120.16667°');

    // The same photo refused by the engine for H2 (its words carry a control character the rules refuse): H1's file stays.
    const other = await web.link('principal', 'hazard', 'H2', ['submit']);
    const refused = await web.upload(other.path('submit'), { evidence: '已整改\u0007' }, [{ name: 'same.jpg', data: jpeg }, { name: 'new.pdf', data: Buffer.concat([PDF, Buffer.from('%x\n')]) }]);
    expect(refused.status).toBe(422);
    expect(kept(web)).toEqual([sha(jpeg), sha(PDF)].sort());
    expect(await engine.db.prisma.evidence.count()).toBe(2);

    const show = await anwei(engine, 'hazard', 'show', 'H1');
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('佐证材料：');
    // The 附件 line stays under its entry in 办理经过.
    expect(show.stdout).toMatch(/提交整改  王经理（企业主要负责人）  佐证：已更换接地线\n {19}附件：现场照片\.jpg、检测报告\.pdf\n/);
    expect(show.stdout).toContain(`现场照片.jpg  ${(jpeg.length / 1024).toFixed(1)} KB  sha256:${sha(jpeg).slice(0, 12)}  王经理（企业主要负责人）  2030-09-02 10:00  拍摄：2030-09-03 10:15  位置：北纬30.25000° 东经120.16667°`);
    expect(show.stdout).toContain(`检测报告.pdf  ${PDF.length} B  sha256:${sha(PDF).slice(0, 12)}`);
    const json = JSON.parse((await anwei(engine, 'hazard', 'show', 'H1', '--json')).stdout) as { files: Array<Record<string, unknown>> };
    expect(json.files.map((f) => [f.name, f.size, f.sha256, f.uploadedBy, f.type])).toEqual([
      ['现场照片.jpg', jpeg.length, sha(jpeg), 'principal', 'image/jpeg'],
      ['检测报告.pdf', PDF.length, sha(PDF), 'principal', 'application/pdf'],
    ]);
  });

  it('a file is served only to a holder of a valid link to its item — the inspector’s 复查 link too, after closing as well — as data: its own type, nosniff, a sandbox, photos inline and documents downloaded under their name; a changed, expired or other item’s link gets nothing', async () => {
    const { engine, web } = await hazardOnFirstDay();
    const principal = await web.link('principal', 'hazard', 'H1', ['submit']);
    const jpeg = await photo();
    expect((await web.upload(principal.path('submit'), { evidence: '已整改' }, [{ name: '现场照片.jpg', data: jpeg }, { name: 'report "final".pdf', data: PDF }])).status).toBe(303);

    const fileOf = async (token: string, hash: string) => {
      const response = await fetch(`${web.base}/a/${token}/files/${hash}`, { redirect: 'manual' });
      return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
    };
    const image = await fileOf(principal.token, sha(jpeg));
    expect(image.status).toBe(200);
    expect(image.body.equals(jpeg)).toBe(true);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(image.headers.get('content-security-policy')).toContain('sandbox');
    expect(image.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(image.headers.get('content-disposition')).toBe(`inline; filename="____.jpg"; filename*=UTF-8''${encodeURIComponent('现场照片.jpg')}`);

    const inspector = await web.link('insp', 'hazard', 'H1', ['verify']);
    const document = await fileOf(inspector.token, sha(PDF));
    expect(document.status).toBe(200);
    expect(document.body.equals(PDF)).toBe(true);
    expect(document.headers.get('content-type')).toBe('application/pdf');
    expect(document.headers.get('content-disposition')).toBe(`attachment; filename="report__final_.pdf"; filename*=UTF-8''report%20%22final%22.pdf`);

    // Closed: the action links end, but they still open 查看详情 and its files until they expire.
    expect((await web.submit(inspector.path('verify'), { result: 'pass', note: '复查合格' })).status).toBe(303);
    expect((await fileOf(principal.token, sha(jpeg))).status).toBe(200);

    const forged = `${principal.token.slice(0, -2)}${principal.token.endsWith('AA') ? 'BB' : 'AA'}`;
    const refusedForged = await fileOf(forged, sha(jpeg));
    expect(refusedForged.status).toBe(403);
    expect(refusedForged.body.toString()).toContain('链接无效');
    const otherItem = await web.link('principal', 'hazard', 'H2', ['submit']);
    const refusedOther = await fileOf(otherItem.token, sha(jpeg));
    expect(refusedOther.status).toBe(404);
    expect(refusedOther.body.toString()).toContain('文件不存在');
    expect(refusedOther.body.equals(jpeg)).toBe(false);
    const expired = await web.link('principal', 'hazard', 'H1', ['submit'], (await engine.now()) - DAY);
    expect((await fileOf(expired.token, sha(jpeg))).status).toBe(410);
    expect((await fileOf(principal.token, '0'.repeat(64))).status).toBe(404);
    expect((await fileOf(principal.token, '..%2F..%2Fanwei.db')).status).toBe(404);
  });

  it('a photo’s thumbnail is a JPEG of at most 320 px, made once and kept beside it; a document has none, nor a HEIC photo sharp cannot decode, which the page shows by name; an empty file input is no file', async () => {
    const { engine, web } = await hazardOnFirstDay();
    const principal = await web.link('principal', 'hazard', 'H1', ['submit']);
    const jpeg = await photo('#3a6');
    const png = await sharp({ create: { width: 100, height: 900, channels: 4, background: '#00f8' } }).png().toBuffer();
    // An iPhone photo's header (HEIF, brand heic) over bytes sharp's libvips cannot decode.
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(4), Buffer.from('mif1heic'), Buffer.alloc(3000, 7)]);
    const files = [{ name: 'a.jpg', data: jpeg }, { name: 'tall.png', data: png }, { name: 'r.pdf', data: PDF }, { name: 'IMG_0001.HEIC', data: heic }, { name: '', data: Buffer.alloc(0) }];
    expect((await web.upload(principal.path('submit'), { evidence: '已整改' }, files)).status).toBe(303);
    expect((await engine.db.prisma.evidence.findMany({ orderBy: { id: 'asc' } })).map((r) => [r.fileName, r.mimeType])).toEqual([
      ['a.jpg', 'image/jpeg'],
      ['tall.png', 'image/png'],
      ['r.pdf', 'application/pdf'],
      ['IMG_0001.HEIC', 'image/heic'],
    ]);
    const view = await web.get(principal.view);
    expect(view.status).toBe(200);
    expect(view.text).toContain(`href="/a/${principal.token}/files/${sha(heic)}">IMG_0001.HEIC</a> <span class="hint">${(heic.length / 1024).toFixed(1)} KB</span>`);
    expect(view.text).not.toContain(`thumbs/${sha(heic)}`);

    const thumb = async (hash: string) => {
      const response = await fetch(`${web.base}/a/${principal.token}/thumbs/${hash}`);
      return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
    };
    const wide = await thumb(sha(jpeg));
    expect(wide.status).toBe(200);
    expect(wide.type).toBe('image/jpeg');
    expect(await sharp(wide.body).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 240 });
    const tall = await thumb(sha(png));
    expect(await sharp(tall.body).metadata()).toMatchObject({ format: 'jpeg', height: 320 });
    expect(existsSync(web.evidence.thumbnailPathOf(sha(jpeg)))).toBe(true);
    expect((await thumb(sha(PDF))).status).toBe(404);
    const noThumb = await thumb(sha(heic));
    expect(noThumb.status).toBe(404);
    expect(noThumb.body.toString()).toContain('文件不存在');
  });

  it('refused uploads keep nothing and do nothing: a file over 20 MB (413), an HTML page or a program renamed .jpg (415), a tenth file (413), files without the page’s form token (403); a submission already made is refused before any file is read (409)', async () => {
    const { engine, web } = await hazardOnFirstDay();
    const principal = await web.link('principal', 'hazard', 'H1', ['submit']);
    const jpeg = await photo();

    const big = Buffer.concat([jpeg, Buffer.alloc(EVIDENCE_MAX_BYTES + 1 - jpeg.length)]);
    const tooLarge = await web.upload(principal.path('submit'), { evidence: '已整改' }, [{ name: 'ok.jpg', data: jpeg }, { name: '大照片.jpg', data: big }]);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toContain('文件过大');
    expect(tooLarge.text).toContain('“大照片.jpg”超过 20 MB');
    expect(tooLarge.headers.get('content-type')).toContain('text/html');

    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const wrongType = await web.upload(principal.path('submit'), { evidence: '已整改' }, [{ name: '照片.jpg', data: html, type: 'image/jpeg' }]);
    expect(wrongType.status).toBe(415);
    expect(wrongType.text).toContain('文件类型不支持');
    expect(wrongType.text).toContain('“照片.jpg”不是可接受的文件类型');
    const program = await web.upload(principal.path('submit'), { evidence: '已整改' }, [{ name: 'photo.jpg', data: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000)]) }]);
    expect(program.status).toBe(415);

    const ten = await Promise.all(Array.from({ length: 10 }, (_, i) => photo(`#${(i + 1).toString(16)}00`)));
    const tooMany = await web.upload(principal.path('submit'), { evidence: '已整改' }, ten.map((data, i) => ({ name: `${i + 1}.jpg`, data })));
    expect(tooMany.status).toBe(413);
    expect(tooMany.text).toContain('一次最多上传 9 个文件');

    const noToken = await web.upload(principal.path('submit'), { evidence: '已整改' }, [{ name: 'a.jpg', data: jpeg }], { form: false });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('页面已失效');

    expect(everything(web)).toEqual([]);
    expect(await engine.db.prisma.evidence.count()).toBe(0);
    expect((await engine.state('H1'))?.status).toBe('open');

    // Submitted (by the CLI here): the link's 提交整改 is spent, refused before its files are read.
    const form = await web.get(principal.path('submit'));
    await engine.act('submit', 'H1', { evidence: '已整改（办公室代录）' });
    await settled(() => engine.db.prisma.hazard.findUnique({ where: { id: 'H1' } }), (h) => h?.status === 'submitted');
    const body = new FormData();
    body.append('form', /name="form" value="([^"]+)"/.exec(form.text)![1]!);
    body.append('evidence', '再次提交');
    body.append('files', new Blob([new Uint8Array(jpeg)]), 'again.jpg');
    const spent = await fetch(`${web.base}${principal.path('submit')}`, { method: 'POST', body, redirect: 'manual' });
    expect(spent.status).toBe(409);
    expect(everything(web)).toEqual([]);
  });
});

describe('evidence files given with 登记完成', () => {
  it('a refusal by the engine (words its rules refuse) removes the files it brought and shows the form again with the typing kept; the assignee’s own completion keeps them and `task show` lists them', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TASK_TOWN });
    await startTask(engine, villageReport());
    await engine.advanceTo('2030-09-03T10:00');
    const id = 'village-report:2030-08:v1';
    await settled(() => engine.db.prisma.task.findUnique({ where: { id } }), (t) => t !== null);
    const web = await startWeb(engine);
    const report = Buffer.concat([PDF, Buffer.from('% 一村八月月报\n')]);
    const jpeg = await photo();

    // The rules refuse the words (a control character in them): nothing of the upload stays.
    const supervisorFirst = await web.link('vs', 'task', id, ['complete']);
    const refused = await web.upload(supervisorFirst.path('complete'), { evidence: '月报已上传\u0007' }, [{ name: '月报.pdf', data: report }]);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('不可见的控制字符');
    expect(refused.text).toContain('月报已上传');
    expect(refused.text).toContain('所选的佐证材料未保存，请重新选择后再提交。');
    expect(kept(web)).toEqual([]);
    expect(await engine.db.prisma.evidence.count()).toBe(0);

    const supervisor = await web.link('vs', 'task', id, ['complete']);
    const done = await web.upload(supervisor.path('complete'), { evidence: '' }, [{ name: '月报.pdf', data: report }, { name: '会议照片.jpg', data: jpeg }]);
    expect(done.status, done.text).toBe(303);
    expect(kept(web)).toEqual([sha(report), sha(jpeg)].sort());
    const task = await settled(() => engine.db.prisma.task.findUnique({ where: { id } }), (t) => t?.status === 'done');
    expect(task?.evidence).toBe('附件：月报.pdf、会议照片.jpg');

    // The task is done: its action links have ended, refused before any file is read.
    const again = await web.upload(supervisorFirst.path('complete'), { evidence: '重复' }, [{ name: 'copy.pdf', data: report }]);
    expect(again.status).toBe(410);
    expect(kept(web)).toEqual([sha(report), sha(jpeg)].sort());

    const show = await anwei(engine, 'task', 'show', id);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(`月报.pdf  ${report.length} B  sha256:${sha(report).slice(0, 12)}  监督员辛`);
    expect(show.stdout).toContain('会议照片.jpg');
    const json = JSON.parse((await anwei(engine, 'task', 'show', id, '--json')).stdout) as { files: Array<{ name: string; action: string }> };
    expect(json.files.map((f) => [f.name, f.action])).toEqual([
      ['月报.pdf', 'complete'],
      ['会议照片.jpg', 'complete'],
    ]);
    const view = await web.get(supervisor.view);
    expect(view.text).toContain('月报.pdf');
    expect(view.text).toContain(`/a/${supervisor.token}/thumbs/${sha(jpeg)}`);
  });
});

describe('evidence files in the Excel 台账', () => {
  it('a campaign’s ledger names each task’s and each hazard’s files with their SHA-256, one a line', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await startCampaign(engine, { id: 'HC2030', template: 'holiday_check', scope: { sectors: ['hazchem'] }, by: 'lead' });
    await engine.report({ id: 'H9', enterprise: 'e1', level: 'general', description: '灭火器过期', deadline: { workdays: 3 }, by: 'insp', campaign: 'HC2030' });
    const web = await startWeb(engine);
    const jpeg = await photo();
    const inspector = await web.link('insp', 'task', 'HC2030:e1', ['complete']);
    expect((await web.upload(inspector.path('complete'), { evidence: '消防通道畅通' }, [{ name: '检查照片.jpg', data: jpeg }, { name: '检查表.pdf', data: PDF }])).status).toBe(303);
    const principal = await web.link('principal', 'hazard', 'H9', ['submit']);
    expect((await web.upload(principal.path('submit'), { evidence: '已更换灭火器' }, [{ name: '新灭火器.jpg', data: jpeg }])).status).toBe(303);

    const sheets = await readSheets(await campaignLedger(engine.db, 'HC2030', await engine.now()));
    const tasks = sheets['检查任务']!;
    expect(tasks[0]!.at(-1)).toBe('佐证材料');
    expect(tasks.slice(1).map((r) => [r[0], r[13] ?? ''])).toEqual([
      ['HC2030:e1', `检查照片.jpg（sha256:${sha(jpeg)}）\n检查表.pdf（sha256:${sha(PDF)}）`],
      ['HC2030:e2', ''],
    ]);
    const hazards = sheets['隐患']!;
    expect(hazards[0]!.at(-1)).toBe('佐证材料');
    expect(hazards.slice(1).map((r) => [r[0], r[11]])).toEqual([['H9', `新灭火器.jpg（sha256:${sha(jpeg)}）`]]);
  });
});
