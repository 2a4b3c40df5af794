// The hazard activities against the real databases (SQLite and the local PostgreSQL), called as the
// worker calls them: the context a hazard workflow decides with, and the ledger it writes.

import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { resumeHazardFromLedger } from '../../activities/hazards.ts';
import type { HazardContext } from '../../domain/hazard.ts';
import * as rules from '../../domain/hazard-rules.ts';
import { PROVIDERS } from '../support/databases.ts';
import { TOWN, at, world } from './world.ts';

/** The test town with a tuned policy and one more day off: what the activity must read back. */
const TUNED = TOWN.replace('policy: {}', 'policy: { hazard: { escalationWorkdays: 2, noticeTime: "08:30", verificationDays: 7 } }').replace(
  'holidays: [2030-01-01,',
  'holidays: [2030-01-01, 2030-10-10,',
);

/** The town without 丙机械厂 (e3): a reload leaves it in the database, inactive. */
const WITHOUT_E3 = TOWN.replace(/^ {2}- \{ id: e3,.*\n/m, '');

async function refusal(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

for (const provider of PROVIDERS) {
  describe(`hazard activities on ${provider}`, () => {
    it('loadHazardContext: the enterprise, its sector and people, and calendar and policy from the town row', async () => {
      const w = await world(provider, { profile: TUNED });
      expect(w.db.provider).toBe(provider);
      const { loadHazardContext } = w.activities(undefined as never);
      const ctx = await w.run(loadHazardContext, { enterpriseId: 'e1', at: at('2030-10-08T10:00') });

      expect(ctx.town).toBe('测试镇');
      expect(ctx.enterprise).toEqual({ id: 'e1', name: '甲加油站', sectorId: 'hazchem', active: true });
      expect(ctx.sector).toEqual({ id: 'hazchem', name: '危险化学品', leaderId: 'lead', inspectorId: 'insp' });
      expect(Object.keys(ctx.people).sort()).toEqual(['head', 'insp', 'insp2', 'lead', 'lead2', 'office', 'sec', 'vs']);
      expect(ctx.people.insp).toEqual({ name: '安监员己', role: 'inspector' });
      expect(ctx.profileVersion).toBe(1);

      // The policy is the town row's, over the defaults.
      expect(ctx.policy).toEqual({
        noticeTime: '08:30',
        reminderWorkdaysBefore: 1,
        escalationWorkdays: 2,
        majorEscalationDays: 1,
        ackResumeWorkdays: 5,
        verificationDays: 7,
        maxExtensions: 1,
        maxExtensionDays: null,
      });
      // The calendar carries the town row's days off and make-up days, last year to four years ahead.
      expect(ctx.calendar.from).toBe('2028-12-01');
      expect(ctx.calendar.to).toBe('2034-12-31');
      for (const day of ['2030-10-01', '2030-10-07', '2030-09-12', '2030-10-10']) expect(ctx.calendar.holidays).toHaveProperty([day]);
      for (const day of ['2030-09-29', '2030-10-12']) expect(ctx.calendar.workdays).toHaveProperty([day]);
      expect(ctx.calendar.holidays).not.toHaveProperty(['2030-10-09']);
      expect(ctx.calendar.unconfirmedYears).not.toContain(2030);

      // The context is what the workflow computes with: 3 working days from Tue 10-08 skip the extra day off 10-10.
      const t = rules.report(undefined, { id: 'H1', enterprise: 'e1', level: 'general', description: '储罐区静电接地损坏', deadline: { workdays: 3 }, by: 'insp' }, ctx, at('2030-10-08T10:00'));
      expect(t.state.due).toBe('2030-10-12');
      expect(t.state.dueTrace).toContain('10-10');

      // A changed town row is read on the next call: nothing is cached.
      await w.db.prisma.town.update({ where: { id: 1 }, data: { policyJson: JSON.stringify({ hazard: { escalationWorkdays: 4 } }), calendarJson: JSON.stringify({ holidays: ['2030-10-09'], workdays: [] }) } });
      const again = await w.run(loadHazardContext, { enterpriseId: 'e1', at: at('2030-10-08T10:00') });
      expect(again.policy.escalationWorkdays).toBe(4);
      expect(again.policy.noticeTime).toBe('09:00');
      expect(again.calendar.holidays).toHaveProperty(['2030-10-09']);
      expect(again.calendar.holidays).not.toHaveProperty(['2030-10-10']);
    });

    it('loadHazardContext: an unknown enterprise, or one removed from the profile, is InvalidInput (not retried)', async () => {
      const w = await world(provider);
      const { loadHazardContext } = w.activities(undefined as never);
      const unknown = await refusal(w.run(loadHazardContext, { enterpriseId: 'nope', at: at('2030-10-08T10:00') }));
      expect(unknown.type).toBe('InvalidInput');
      expect(unknown.nonRetryable).toBe(true);
      expect(unknown.message).toContain('nope');

      const { loadProfile } = await import('../../client/profile-loader.ts');
      await loadProfile(w.db, { text: WITHOUT_E3, file: 'town.yaml', source: 'test', at: new Date(at('2030-10-09T08:00')) });
      expect((await w.db.prisma.enterprise.findUniqueOrThrow({ where: { id: 'e3' } })).active).toBe(false);

      const inactive = await refusal(w.run(loadHazardContext, { enterpriseId: 'e3', at: at('2030-10-09T10:00') }));
      expect(inactive.type).toBe('InvalidInput');
      expect(inactive.nonRetryable).toBe(true);
      expect(inactive.message).toContain('e3');
      // A hazard already open there keeps being followed: its workflow reloads with includeInactive.
      const kept: HazardContext = await w.run(loadHazardContext, { enterpriseId: 'e3', at: at('2030-10-09T10:00'), includeInactive: true });
      expect(kept.enterprise).toEqual({ id: 'e3', name: '丙机械厂', sectorId: 'industry', active: false });
      expect(kept.sector.inspectorId).toBe('insp2');
      expect(kept.profileVersion).toBe(2);
    });

    it('recordHazard: idempotent by key (one event, one deadline row), the hazard row follows the state', async () => {
      const w = await world(provider);
      const { loadHazardContext, recordHazard } = w.activities(undefined as never);
      const reportedAt = at('2030-10-08T10:00');
      const ctx = await w.run(loadHazardContext, { enterpriseId: 'e2', at: reportedAt });
      const reported = rules.report(
        undefined,
        { id: 'H7', enterprise: 'e2', level: 'general', description: '反应釜温度计失效', location: '2号车间', deadline: { workdays: 3 }, by: 'insp' },
        ctx,
        reportedAt,
      );
      const input = {
        key: 'hazard:H7:event-1-reported',
        at: reportedAt,
        hazard: reported.state,
        event: reported.event,
        nextNoticeAt: rules.planNextStep(reported.state, ctx)?.at ?? null,
        deadline: reported.deadline!,
      };
      await w.run(recordHazard, input);
      // A retry of the same step (the worker died before Temporal heard back) writes nothing again.
      await w.run(recordHazard, input);
      await w.run(recordHazard, { ...input, at: reportedAt + 1000 });

      const { prisma } = w.db;
      const events = await prisma.hazardEvent.findMany({ where: { hazardId: 'H7' } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ key: input.key, type: 'reported', by: 'insp', at: new Date(reportedAt) });
      expect(JSON.parse(events[0]!.detailJson)).toEqual({ level: 'general', deadline: { workdays: 3 }, due: '2030-10-11' });
      const deadlines = await prisma.deadlineComputation.findMany({ where: { subjectId: 'H7' } });
      expect(deadlines).toHaveLength(1);
      expect(deadlines[0]).toMatchObject({ key: `${input.key}:deadline`, subjectType: 'hazard', fromDate: '2030-10-08', due: '2030-10-11', trace: reported.state.dueTrace });
      expect(JSON.parse(deadlines[0]!.formJson)).toEqual({ workdays: 3 });

      const row = await prisma.hazard.findUniqueOrThrow({ where: { id: 'H7' } });
      expect(row).toMatchObject({
        enterpriseId: 'e2',
        sectorId: 'hazchem',
        level: 'general',
        description: '反应釜温度计失效',
        location: '2号车间',
        reportedBy: 'insp',
        reportedAt: new Date(reportedAt),
        status: 'open',
        round: 1,
        due: '2030-10-11',
        dueTrace: reported.state.dueTrace,
        extensionsUsed: 0,
        escalationLevel: 0,
        submittedAt: null,
        closedAt: null,
        planJson: null,
        // The reminder: 09:00 on the working day before the due date.
        nextNoticeAt: new Date(at('2030-10-10T09:00')),
      });

      // The next step, under its own key, moves the row on and adds its event.
      const submittedAt = at('2030-10-10T15:00');
      const submitted = rules.submit(reported.state, { evidence: '已更换温度计并校验合格，附照片2张' }, ctx, submittedAt);
      const next = { key: 'hazard:H7:event-2-submitted', at: submittedAt, hazard: submitted.state, event: submitted.event, nextNoticeAt: rules.planNextStep(submitted.state, ctx)?.at ?? null };
      await w.run(recordHazard, next);
      await w.run(recordHazard, next);
      expect(await prisma.hazardEvent.count({ where: { hazardId: 'H7' } })).toBe(2);
      expect(await prisma.deadlineComputation.count({ where: { subjectId: 'H7' } })).toBe(1);
      expect(await prisma.hazardEvent.findUniqueOrThrow({ where: { key: next.key } })).toMatchObject({
        type: 'submitted',
        by: 'principal',
        evidence: '已更换温度计并校验合格，附照片2张',
      });
      expect(await prisma.hazard.findUniqueOrThrow({ where: { id: 'H7' } })).toMatchObject({
        status: 'submitted',
        submittedAt: new Date(submittedAt),
        submittedBy: 'principal',
        // Verification overdue: 09:00 on the 11th day after the submission day.
        nextNoticeAt: new Date(at('2030-10-21T09:00')),
      });

      // A stale retry of the first step, after the second was recorded, must not roll the row back.
      await w.run(recordHazard, input);
      expect((await prisma.hazard.findUniqueOrThrow({ where: { id: 'H7' } })).status).toBe('submitted');

      // A lost workflow resumes from the state last recorded, its events numbered on; a closed hazard does not.
      expect(await resumeHazardFromLedger(w.db, 'H7')).toEqual({ type: 'resumed', state: submitted.state, recorded: 2 });
      await prisma.hazard.update({ where: { id: 'H7' }, data: { status: 'closed' } });
      expect(await resumeHazardFromLedger(w.db, 'H7')).toBeUndefined();
      expect(await resumeHazardFromLedger(w.db, 'H8')).toBeUndefined();
    });

    it('recordHazard: a 重大 hazard keeps its six-part plan', async () => {
      const w = await world(provider);
      const { loadHazardContext, recordHazard } = w.activities(undefined as never);
      const now = at('2030-10-08T10:00');
      const ctx = await w.run(loadHazardContext, { enterpriseId: 'e1', at: now });
      const plan = { 目标任务: '消除', 方法措施: '安装', 经费物资: '10万元', 机构人员: '设备部', 时限要求: '11月底前', 安全措施和应急预案: '专人巡检' };
      const t = rules.report(undefined, { id: 'M1', enterprise: 'e1', level: 'major', description: '储罐区无紧急切断阀', deadline: { date: '2030-11-29' }, by: 'insp', plan }, ctx, now);
      await w.run(recordHazard, { key: 'hazard:M1:event-1-reported', at: now, hazard: t.state, event: t.event, nextNoticeAt: null, deadline: t.deadline! });
      const row = await w.db.prisma.hazard.findUniqueOrThrow({ where: { id: 'M1' } });
      expect(row).toMatchObject({ level: 'major', due: '2030-11-29', nextNoticeAt: null });
      expect(JSON.parse(row.planJson!)).toEqual(plan);
    });
  });
}
