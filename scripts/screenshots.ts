// `npm run screenshots`: the action pages as a phone shows them, for docs/web.md. An engine of its own (the demo
// town, a scratch SQLite database, Temporal's time-skipping server, emails captured, never sent), the real web
// server, and the machine's Chromium at 360 px walking the pages a hazard's people open from their emails. Each
// page is checked to fit the phone's width, as the browser tests check it; the PNGs go to docs/screenshots/.
//
// Simulated time and the links' secret are fixed, so a run over unchanged pages writes the same pictures.

import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act } from '../client/act.ts';
import { loadProfile } from '../client/profile-loader.ts';
import { advanceSimulatedTime, createTimeSkippingEnvironment } from '../client/temporal.ts';
import { createMailTransport } from '../activities/mail/transport.ts';
import { parseInstant } from '../domain/time.ts';
import { migrateDatabase, openDatabase } from '../prisma/client.ts';
import { createEngineWorker, quietTemporalLogs } from '../worker/index.ts';
import { EvidenceStore } from '../web/evidence.ts';
import { createWebServer } from '../web/server.ts';
import { launchChromium, phoneIn, type Phone } from '../tests/browser/phone.ts';
import { choose, describeWork, fill } from '../tests/browser/steps.ts';
import { photo } from '../tests/support/evidence-files.ts';
import { buttonsOf, linkSigner } from '../tests/web/support.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'docs/screenshots');
const START = parseInstant('2030-09-02T09:00:00+08:00')!;
const MAIL_FROM = 'anwei-screenshots@localhost';

quietTemporalLogs('ERROR');
const scratch = mkdtempSync(join(tmpdir(), 'anwei-screenshots-'));
const url = `file:${join(scratch, 'screenshots.db')}`;
await migrateDatabase(url);
const db = await openDatabase(url);
await loadProfile(db, { text: readFileSync(join(ROOT, 'examples/demo-town.yaml'), 'utf8'), file: 'demo-town.yaml', source: 'screenshots', at: new Date(START) });
const env = await createTimeSkippingEnvironment();
const taskQueue = `anwei-screenshots-${randomUUID()}`;
const mail = createMailTransport({ type: 'capture', from: MAIL_FROM });
const signer = linkSigner();
const worker = await createEngineWorker({ connection: env.nativeConnection, taskQueue, db, mail, mailFrom: MAIL_FROM, links: signer.maker(), timeSkipping: true });
const gateway = { client: env.client, taskQueue, db, now: () => env.currentTimeMs() };
const web = await createWebServer({ db, gateway, signer, evidence: new EvidenceStore(join(scratch, 'evidence')) });
await web.listen({ port: 0, host: '127.0.0.1' });
const address = web.server.address();
if (!address || typeof address === 'string') throw new Error('the web server has no port');
const base = `http://127.0.0.1:${address.port}`;
const browser = await launchChromium();

/** The buttons of the one email of `kind` to `to`, once it has gone out. */
async function emailButtons(kind: string, to: string): Promise<Record<string, string>> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    const email = mail.captured.find((c) => c.email.kind === kind && c.envelope.to.includes(to));
    if (email) return buttonsOf(email.email, signer.base);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${kind} email to ${to}`);
}

async function shot(phone: Phone, file: string, what: string): Promise<void> {
  await phone.page.screenshot({ path: join(OUT, file), fullPage: true });
  console.log(`截图：docs/screenshots/${file}（${what}）`);
}

try {
  mkdirSync(OUT, { recursive: true });
  await worker.runUntil(async () => {
    await advanceSimulatedTime(env, START);
    const hazard = await act(gateway, 'hazard', undefined, 'report', {
      enterprise: 'e004',
      level: 'general',
      description: '加油机底部渗漏，油气回收管线接头松动；卸油区静电接地报警器损坏，周边未设置警示标志',
      deadline: { workdays: 5 },
      by: 'zhaolei',
    });

    // The principal of 东方加油站, from the 整改通知.
    const principal = await phoneIn(browser, base);
    const assigned = await emailButtons('hazard.assigned', 'zhoulp@dfjyz.example');
    await principal.open(assigned['查看详情']!);
    await shot(principal, '01-view.png', '查看详情');
    await principal.tap('提交整改');
    await describeWork(principal, '整改情况', '已更换加油机底部密封件和油气回收管线接头，经检测无渗漏；静电接地报警器已更换并试验正常，卸油区已设置警示标志。', [
      { name: '卸油区警示标志.jpg', mimeType: 'image/jpeg', buffer: await photo('#5b7b8c') },
    ]);
    await shot(principal, '02-submit-form.png', '提交整改的表单');
    await principal.tap('提交');
    await shot(principal, '03-submitted.png', '提交后的确认');

    // The inspector, from the 复查 email: 不合格 without a new deadline is refused on the form, the typing kept.
    const inspector = await phoneIn(browser, base);
    const toVerify = await emailButtons('hazard.verification_requested', 'zhaolei@qingshan.example');
    await inspector.open(toVerify['复查']!);
    await shot(inspector, '04-verify-form.png', '复查的表单');
    await choose(inspector, '不合格');
    await fill(inspector, '复查意见', '静电接地报警器已更换，但警示标志设置位置不符合要求。');
    if ((await inspector.tap('提交')) !== 422) throw new Error(`不合格 without a new deadline was not refused (${hazard.id})`);
    await shot(inspector, '05-verify-refused.png', '表单上显示的拒绝理由');

    // A link changed by one character.
    const token = toVerify['查看详情']!.slice('/a/'.length);
    const [payload, mac] = token.split('.') as [string, string];
    await inspector.open(`/a/${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`);
    await shot(inspector, '06-link-refused.png', '被改动的链接');
  });
} finally {
  await browser.close();
  await web.close();
  await env.teardown();
  await db.close();
  await mail.close();
  rmSync(scratch, { recursive: true, force: true });
}
