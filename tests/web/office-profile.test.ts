// Contract §7 "Office pages" and issue 11, 档案: the whole-town people see the town as loaded, anyone with a
// part of it is refused (403); the office head and the safety leader check a pasted profile — the page lists
// the problems `anwei profile check` gives (checkProfile, the CLI's call), with their lines — and the office
// head loads it through `anwei profile load`'s own call (the change then shows); the safety leader and another
// deputy head may not load (403); nobody signed in is sent to sign in (303).
//
// Test town (tests/fixtures/town.yaml): sec (party secretary), head (town head), office (office head), lead (a
// deputy head, the safety leader) see the whole town; lead2 (deputy head), insp (inspector), vs (village
// supervisor) a part of it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../client/errors.ts';
import { checkProfile } from '../../client/profile-loader.ts';
import { cliText } from '../../domain/text/cli.ts';
import { officeProfileText } from '../../domain/text/office-profile.ts';
import { escapeHtml } from '../../web/html.ts';
import { general } from '../engine/hazard-helpers.ts';
import { TEST_TOWN, startEngine } from '../support/engine.ts';
import { officeFormToken, startOffice } from './office-support.ts';

const BROKEN = readFileSync(new URL('../../examples/broken-town.yaml', import.meta.url), 'utf8');
/** The test town with one more enterprise, in the hazchem sector. */
const CHANGED = TEST_TOWN.replace(
  'calendar:\n',
  '  - { id: e4, name: 丁烟花店, sector: hazchem, class: C, village: v1, principal: { name: 周店主, email: zhou@e4.example } }\ncalendar:\n',
);
const FILE = officeProfileText.fileName;

/** What the CLI's check says of a text: its problems (with line and column), as `anwei profile check` prints them. */
function cliProblems(text: string): { headline: string; problems: string[] } {
  try {
    checkProfile(text, FILE);
  } catch (error) {
    if (error instanceof UserInputError) return { headline: error.headline!, problems: error.problems };
    throw error;
  }
  throw new Error('the profile passed the check');
}

describe('档案 in the office', () => {
  it('the whole town sees it, a part is refused; check lists the CLI problems; the office head loads, others may not', async () => {
    expect(CHANGED).not.toBe(TEST_TOWN);
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TEST_TOWN });
    // An open hazard, whose running workflow a load must tell.
    await engine.report(general('H1', { workdays: 5 }));
    const office = await startOffice(engine);

    // Not signed in: sign in first.
    const stranger = office.browser();
    for (const page of [await stranger.get('/office/profile'), await stranger.post('/office/profile/check', { profile: TEST_TOWN }), await stranger.post('/office/profile/load', { profile: CHANGED })]) {
      expect(page.status).toBe(303);
      expect(page.location).toBe('/office/login');
    }

    // Viewing: the whole-town people see every part of the town; the menu links the page.
    for (const address of ['sec@town.example', 'head@town.example', 'office@town.example', 'lead@town.example']) {
      const b = office.browser();
      await b.signIn(address);
      const page = await b.get('/office/profile');
      expect(page.status, address).toBe(200);
      for (const shown of ['测试镇', '书记甲', '党委书记', 'insp2@town.example', '危险化学品', '工贸企业', '一村', '监督员辛', '甲加油站', '丙机械厂', '张总']) expect(page.text, `${address}: ${shown}`).toContain(shown);
      expect(page.text).toContain('href="/office/profile"');
      // 检查 is offered to the office head and the safety leader only.
      expect(page.text.includes('action="/office/profile/check"'), address).toBe(address === 'office@town.example' || address === 'lead@town.example');
    }
    for (const address of ['lead2@town.example', 'insp@town.example', 'vs@town.example']) {
      const b = office.browser();
      await b.signIn(address);
      const page = await b.get('/office/profile');
      expect(page.status, address).toBe(403);
      expect(page.text).toContain(officeProfileText.refused.view);
      expect(page.text).not.toContain('insp2@town.example');
      const token = officeFormToken((await b.get('/office')).text);
      expect((await b.post('/office/profile/check', { form: token, profile: TEST_TOWN })).status, address).toBe(403);
      expect((await b.post('/office/profile/load', { form: token, profile: CHANGED })).status, address).toBe(403);
    }
    // The town head sees it but may neither check nor load.
    const townHead = office.browser();
    await townHead.signIn('head@town.example');
    const headToken = officeFormToken((await townHead.get('/office/profile')).text);
    expect((await townHead.post('/office/profile/check', { form: headToken, profile: TEST_TOWN })).status).toBe(403);

    // A broken profile: every problem the CLI's check names, with its line and column, and nothing loaded.
    const head = office.browser();
    await head.signIn('office@town.example');
    const token = officeFormToken((await head.get('/office/profile')).text);
    const broken = await head.post('/office/profile/check', { form: token, profile: BROKEN });
    expect(broken.status).toBe(422);
    const cli = cliProblems(BROKEN);
    expect(cli.problems.length).toBeGreaterThan(5);
    expect(broken.text).toContain(escapeHtml(cli.headline));
    for (const problem of cli.problems) {
      expect(problem).toMatch(new RegExp(`^${FILE}:\\d+:\\d+ `));
      expect(broken.text).toContain(`<li>${escapeHtml(problem)}</li>`);
    }
    expect(broken.text).not.toContain('action="/office/profile/load"');
    // Loading it is refused the same way, nothing written.
    const brokenLoad = await head.post('/office/profile/load', { form: token, profile: BROKEN });
    expect(brokenLoad.status).toBe(422);
    expect(await engine.db.prisma.profileVersion.count()).toBe(1);
    // Too long a text (over 1 MB, under the form's 3 MB), empty text, and no form token.
    const huge = await head.post('/office/profile/check', { form: token, profile: `${TEST_TOWN}#${'x'.repeat(1024 * 1024)}\n` });
    expect(huge.status).toBe(422);
    expect(huge.text).toContain(officeProfileText.check.tooLarge(1));
    expect((await head.post('/office/profile/check', { form: token, profile: '  ' })).status).toBe(422);
    expect((await head.post('/office/profile/check', { profile: CHANGED })).status).toBe(403);

    // A valid changed profile: 检查通过 with the CLI's summary line and what would change; 载入 carries the text.
    const checked = await head.post('/office/profile/check', { form: token, profile: CHANGED });
    expect(checked.status).toBe(200);
    expect(checked.text).toContain(officeProfileText.check.passed);
    expect(checked.text).toContain(escapeHtml(cliText.profile.checked(FILE, '测试镇', { people: 8, sectors: 2, villages: 1, enterprises: 4 })));
    expect(checked.text).toContain('企业新增 1');
    expect(checked.text).toContain('action="/office/profile/load"');
    expect(checked.text).toContain(`<input type="hidden" name="profile" value="${escapeHtml(CHANGED)}">`);
    expect(await engine.db.prisma.enterprise.count()).toBe(3); // a check writes nothing

    // The safety leader checks it too, but may not load it.
    const leader = office.browser();
    await leader.signIn('lead@town.example');
    const leaderToken = officeFormToken((await leader.get('/office/profile')).text);
    const leaderChecked = await leader.post('/office/profile/check', { form: leaderToken, profile: CHANGED });
    expect(leaderChecked.status).toBe(200);
    expect(leaderChecked.text).toContain(officeProfileText.check.onlyHead);
    expect(leaderChecked.text).not.toContain('action="/office/profile/load"');
    const leaderLoad = await leader.post('/office/profile/load', { form: leaderToken, profile: CHANGED });
    expect(leaderLoad.status).toBe(403);
    expect(leaderLoad.text).toContain(officeProfileText.refused.load);
    expect(await engine.db.prisma.enterprise.count()).toBe(3);

    // The office head loads it: the CLI's report lines, the running workflows told, the new enterprise shown.
    const loaded = await head.post('/office/profile/load', { form: token, profile: CHANGED });
    expect(loaded.status).toBe(200);
    expect(loaded.text).toContain(escapeHtml(cliText.profile.loaded(FILE, '测试镇', 2, '企业新增 1')));
    const toldCount = /已通知 (\d+) 项运行中的隐患、任务和工作规则按新档案执行/.exec(loaded.text);
    expect(Number(toldCount?.[1])).toBeGreaterThanOrEqual(1);
    const version = await engine.db.prisma.profileVersion.findFirst({ orderBy: { version: 'desc' } });
    expect(version).toMatchObject({ version: 2, yaml: CHANGED, source: 'office' });
    const audit = await engine.db.prisma.auditLog.findFirst({ where: { action: 'profile.load' }, orderBy: { id: 'desc' } });
    expect(audit?.actor).toBe('office');
    const after = await head.get('/office/profile');
    expect(after.text).toContain('丁烟花店');
    expect(after.text).toContain('周店主');
    expect(after.text).toContain('第 2 版');
    // The same text again: unchanged, as the CLI says.
    const again = await head.post('/office/profile/load', { form: token, profile: CHANGED });
    expect(again.text).toContain(escapeHtml(cliText.profile.unchanged(FILE, 2)));
  });
});
