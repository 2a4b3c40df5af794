// The duty task activities against the real databases (SQLite and the local PostgreSQL), called as the
// worker calls them: the context a task workflow decides with, the ledger it writes (idempotent by key),
// and a task notice through the outbox (audiences, the meeting's .ics, exactly once).

import { describe, expect, it } from 'vitest';
import { createMailTransport } from '../../activities/mail/transport.ts';
import { recordPreparedStarts, resumeFromLedger } from '../../activities/task-record.ts';
import { TaskSpecError, checkTaskSpec } from '../../activities/task-start.ts';
import * as rules from '../../domain/task-rules.ts';
import { PROVIDERS } from '../support/databases.ts';
import { sqliteStatements } from '../support/sqlite-statements.ts';
import { TASK_TOWN, committeeMeeting, villageReport } from '../support/tasks.ts';
import { at, world } from './world.ts';

const TUNED = TASK_TOWN.replace('policy: {}', 'policy: { task: { noticeTime: "08:30", escalationWorkdays: 2 } }');

for (const provider of PROVIDERS) {
  describe(`task activities on ${provider}`, () => {
    it('loadTaskContext: active people, the calendar for the years asked with the town overrides, and policy.task over the defaults', async () => {
      const w = await world(provider, { profile: TUNED });
      const { loadTaskContext } = w.activities(undefined as never);
      const ctx = await w.run(loadTaskContext, { at: at('2030-09-01T10:00'), fromYear: 2029, toYear: 2031 });
      expect(ctx.town).toBe('测试镇');
      expect(ctx.policy).toEqual({ noticeTime: '08:30', reminderWorkdaysBefore: 1, escalationWorkdays: 2 });
      expect(ctx.people.lead3).toEqual({ name: '副镇长壬', role: 'deputy_head' });
      // From the December before (traces look back), to the end of the last year asked.
      expect([ctx.calendar.from, ctx.calendar.to]).toEqual(['2028-12-01', '2031-12-31']);
      expect(ctx.calendar.holidays).toHaveProperty(['2030-09-12']);
      expect(ctx.calendar.workdays).toHaveProperty(['2030-09-29']);
      // The context is what the planner computes with: the reminder at the town's notice time.
      const started = rules.start(villageReport(), ctx, at('2030-09-01T10:00'));
      const assigned = rules.afterStep(started.state, rules.planNextStep(started.state, ctx)!, at('2030-09-02T08:30'), {});
      expect(rules.planNextStep(assigned, ctx)).toMatchObject({ key: '2030-09-06:reminder', at: at('2030-09-05T08:30') });
    });

    it('a prepared start carries the context it was decided with, which serves its wake-up but not a later year', async () => {
      const w = await world(provider);
      const { loadTaskContext } = w.activities(undefined as never);
      const startedAt = at('2030-09-02T00:00');
      const ctx = await w.run(loadTaskContext, { at: startedAt, ...rules.calendarYearsFor(villageReport(), startedAt) });
      const { start } = rules.prepareStart(villageReport(), ctx, startedAt);
      expect(start.context).toBe(ctx);
      expect(start.wakeAt).toBe(at('2030-09-02T09:00'));
      expect(rules.contextServes(ctx, start.state, start.wakeAt!)).toBe(true);
      // Asleep past the years loaded (2029–2031): the workflow loads its own.
      expect(rules.contextServes(ctx, start.state, at('2031-12-31T09:00'))).toBe(false);
    });

    it('recordTask: idempotent by key; the task row follows the state to a late completion', async () => {
      const w = await world(provider);
      const { loadTaskContext, recordTask } = w.activities(undefined as never);
      const startedAt = at('2030-09-01T10:00');
      const ctx = await w.run(loadTaskContext, { at: startedAt, ...rules.calendarYearsFor(villageReport(), startedAt) });
      const started = rules.start(villageReport(), ctx, startedAt);
      const first = { key: 'village-report:2030-08:v1:event-1-started', at: startedAt, task: started.state, event: started.event, nextNoticeAt: at('2030-09-02T09:00') };
      await w.run(recordTask, first);
      // A retry of the same step writes nothing again, whatever it carries.
      await w.run(recordTask, first);
      await w.run(recordTask, { ...first, at: startedAt + 1000, task: { ...started.state, status: 'done' as const } });

      const { prisma } = w.db;
      expect(await prisma.taskEvent.findMany({ where: { taskId: 'village-report:2030-08:v1' } })).toHaveLength(1);
      expect(await prisma.task.findUniqueOrThrow({ where: { id: 'village-report:2030-08:v1' } })).toMatchObject({
        dutyId: 'village-report',
        period: '2030-08',
        scopeKind: 'village',
        scopeId: 'v1',
        assigneeId: 'vs',
        title: '一村2030年8月安全生产月报',
        opensOn: '2030-09-02',
        due: '2030-09-06',
        status: 'open',
        late: false,
        completedAt: null,
        escalationLevel: 0,
        nextNoticeAt: new Date(at('2030-09-02T09:00')),
      });
      expect(JSON.parse((await prisma.task.findUniqueOrThrow({ where: { id: 'village-report:2030-08:v1' } })).specJson)).toEqual(villageReport());

      const doneAt = at('2030-09-09T16:00');
      const done = rules.complete(started.state, { by: 'office', evidence: '补交月报' }, ctx, doneAt);
      await w.run(recordTask, { key: 'village-report:2030-08:v1:event-2-completed', at: doneAt, task: done.state, event: done.event, nextNoticeAt: null });
      expect(await prisma.task.findUniqueOrThrow({ where: { id: 'village-report:2030-08:v1' } })).toMatchObject({
        status: 'done',
        late: true,
        completedAt: new Date(doneAt),
        completedBy: 'office',
        evidence: '补交月报',
        nextNoticeAt: null,
      });
      const events = await prisma.taskEvent.findMany({ where: { taskId: 'village-report:2030-08:v1' }, orderBy: { id: 'asc' } });
      expect(events.map((e) => [e.type, e.by, e.evidence])).toEqual([
        ['started', null, null],
        ['completed', 'office', '补交月报'],
      ]);
      expect(JSON.parse(events[1]!.detailJson)).toEqual({ late: true, daysLate: 3 });
    });

    it('resumeFromLedger: a lost workflow gets back the state and spec last recorded and the count of its events; an older row without a state starts afresh', async () => {
      const w = await world(provider);
      const { loadTaskContext, recordTask } = w.activities(undefined as never);
      const id = 'village-report:2030-08:v1';
      const startedAt = at('2030-09-01T10:00');
      const ctx = await w.run(loadTaskContext, { at: startedAt, ...rules.calendarYearsFor(villageReport(), startedAt) });
      const started = rules.start(villageReport(), ctx, startedAt);
      await w.run(recordTask, { key: `${id}:event-1-started`, at: startedAt, task: started.state, event: started.event, nextNoticeAt: null });
      const step = rules.planNextStep(started.state, ctx)!;
      const assigned = rules.afterStep(started.state, step, step.at, { assigned: ['vs'] });
      await w.run(recordTask, { key: `${id}:event-2-assigned`, at: step.at, task: assigned, event: rules.stepEvent(step, assigned, { assigned: ['vs'] }), nextNoticeAt: null });

      expect(await resumeFromLedger(w.db, id)).toEqual({ type: 'resumed', state: assigned, recorded: 2 });
      // The spec is kept once, in specJson.
      expect(JSON.parse((await w.db.prisma.task.findUniqueOrThrow({ where: { id } })).stateJson!)).not.toHaveProperty('spec');
      await w.db.prisma.task.update({ where: { id }, data: { stateJson: null } });
      expect(await resumeFromLedger(w.db, id)).toBeUndefined();
      expect(await resumeFromLedger(w.db, 'no-such-task')).toBeUndefined();
    });

    it('sendTaskNotice: a meeting invitation goes to the attendees still in the profile, with its .ics on the row; a retry sends nothing', async () => {
      const w = await world(provider, { profile: TASK_TOWN });
      const mail = createMailTransport({ type: 'capture', from: 'anban@town.example' });
      const { sendTaskNotice } = w.activities(mail);
      // insp2 left the profile: still named in the spec, no longer invited.
      const { loadProfile } = await import('../../client/profile-loader.ts');
      await loadProfile(w.db, { text: TASK_TOWN.replace(/^ {2}- \{ id: insp2,.*\n/m, '').replace('inspector: insp2', 'inspector: insp'), file: 'town.yaml', source: 'test' });
      const spec = committeeMeeting();
      const req = {
        key: 'committee-meeting:2030-09:invite-0',
        kind: 'meeting.invite' as const,
        taskId: spec.id,
        at: at('2030-09-05T09:00'),
        audience: ['attendees' as const],
        spec,
        facts: { due: spec.due, dueTrace: spec.dueTrace, invite: { method: 'REQUEST' as const, sequence: 0 } },
      };
      const sent = await w.run(sendTaskNotice, req);
      expect(sent.sent).toBe(true);
      // Sorted by address, as every notice's recipients are.
      expect(sent.recipients.map((r) => r.email)).toEqual(['head@town.example', 'insp@town.example', 'lead2@town.example', 'lead@town.example', 'office@town.example', 'sec@town.example']);
      expect(await w.run(sendTaskNotice, req)).toMatchObject({ sent: false });
      expect(mail.captured).toHaveLength(1);
      expect(mail.captured[0]!.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);

      const row = await w.db.prisma.notice.findUniqueOrThrow({ where: { key: req.key } });
      expect(row).toMatchObject({ kind: 'meeting.invite', ref: spec.id, status: 'sent', attempts: 1 });
      expect(row.ics).toContain('METHOD:REQUEST\r\n');
      expect(row.ics).toContain('UID:committee-meeting:2030-09@anwei\r\n');
      expect(row.ics).toContain('DTSTART;TZID=Asia/Shanghai:20300910T093000\r\n');
      expect(row.ics).not.toContain('insp2@');
      expect(row.subject).toBe('【会议通知】2030年9月安委会会议（9月10日 09:30）');
    });

    it('sendTaskNotice: level 1 of a village task reaches its village leader, and the email names the task, its period and what to do', async () => {
      const w = await world(provider, { profile: TASK_TOWN });
      const mail = createMailTransport({ type: 'capture', from: 'anban@town.example' });
      const { sendTaskNotice } = w.activities(mail);
      const spec = villageReport();
      const result = await w.run(sendTaskNotice, {
        key: `${spec.id}:2030-09-06:escalation-1`,
        kind: 'duty.escalation',
        taskId: spec.id,
        at: at('2030-09-09T09:00'),
        audience: ['village_leader'],
        spec,
        facts: { due: spec.due, dueTrace: spec.dueTrace, daysOverdue: 3, workdaysOverdue: 1, escalationLevel: 1 },
      });
      expect(result.recipients).toEqual([{ personId: 'lead3', name: '副镇长壬', email: 'lead3@town.example' }]);
      const row = await w.db.prisma.notice.findUniqueOrThrow({ where: { key: `${spec.id}:2030-09-06:escalation-1` } });
      expect(row.subject).toBe('【任务督办·一级】一村2030年8月安全生产月报（已逾期3天）');
      for (const words of ['监督员辛', '2030年8月', '一村', '2030年9月6日（周五）', '已逾期3天（其中工作日1天）', '登记完成情况', `任务编号 ${spec.id}`]) {
        expect(row.text).toContain(words);
      }
      expect(row.html).toContain('监督员辛');
      expect(row.ics).toBeNull();
    });
  });
}

describe('a scheduled step of a task on sqlite', () => {
  it('recordStep: records the step and sends its notice without reading back what it wrote (one read each of the town, people, village)', async () => {
    const statements = sqliteStatements();
    const w = await world('sqlite', { profile: TASK_TOWN });
    const mail = createMailTransport({ type: 'capture', from: 'anban@town.example' });
    const { loadTaskContext, recordObligation, recordStep } = w.activities(mail);
    const startedAt = at('2030-09-01T10:00');
    const spec = villageReport();
    const ctx = await w.run(loadTaskContext, { at: startedAt, ...rules.calendarYearsFor(spec, startedAt) });
    const started = rules.start(spec, ctx, startedAt);
    await w.run(recordObligation, { about: 'task', key: `${spec.id}:event-1-started`, at: startedAt, state: started.state, event: started.event, nextNoticeAt: null });
    // Its first scheduled step (the assignment on the opening day), as the workflow takes it.
    const step = rules.planNextStep(started.state, ctx)!;
    const t = rules.stepTransition(started.state, step, step.at);
    const record = { about: 'task' as const, key: `${spec.id}:event-2-${t.event.type}`, at: step.at, state: t.state, event: t.event, nextNoticeAt: null };
    const notice = { about: 'task' as const, key: `${spec.id}:${t.notices[0]!.step}`, taskId: spec.id, ...t.notices[0]! };
    statements.length = 0;
    expect(await w.run(recordStep, { record, notices: [notice] })).toEqual({ sent: 1 });
    expect(statements).toEqual([
      ...['BEGIN IMMEDIATE', 'INSERT Task', 'INSERT TaskEvent', 'COMMIT'],
      // Recorded just now: its notice cannot have a row yet, and is not looked for.
      ...['SELECT Village', 'SELECT Town', 'SELECT Person', 'INSERT Notice', 'UPDATE Notice'],
    ]);

    const row = await w.db.prisma.notice.findUniqueOrThrow({ where: { key: notice.key } });
    // Counted when written: one attempt, the one that sent it.
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    // The task is open as recorded: its assignee may report it done from the email.
    expect(JSON.parse(row.linksJson!)).toEqual([{ to: 'vs@town.example', name: expect.any(String), links: [{ action: 'complete', label: '登记完成' }, { action: 'view', label: '查看详情' }] }]);
    expect(mail.captured).toHaveLength(1);

    // Again (a retried step): nothing recorded or sent twice.
    statements.length = 0;
    expect(await w.run(recordStep, { record, notices: [notice] })).toEqual({ sent: 1 });
    expect(statements).toEqual(['BEGIN IMMEDIATE', 'INSERT Task', 'INSERT TaskEvent', 'ROLLBACK', 'SELECT Notice']);
    expect(mail.captured).toHaveLength(1);
    expect(await w.db.prisma.taskEvent.count({ where: { taskId: spec.id } })).toBe(2);

    // A notice whose row is there under a step recorded just now (no workflow does this): its key still sends it
    // once — the insert is refused and takes the row that is there, sent already.
    await w.run(recordStep, { record: { ...record, key: `${spec.id}:event-3-${t.event.type}` }, notices: [notice] });
    expect(mail.captured).toHaveLength(1);
    expect(await w.db.prisma.notice.findUniqueOrThrow({ where: { key: notice.key } })).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('a duty opening its tasks on sqlite', () => {
  it('checks each spec against the people of the context it has just loaded, and records a first start without looking for events of rows that are not there', async () => {
    const statements = sqliteStatements();
    const w = await world('sqlite', { profile: TASK_TOWN });
    const { loadTaskContext } = w.activities(undefined as never);
    const startedAt = at('2030-09-01T10:00');
    const spec = villageReport();
    const ctx = await w.run(loadTaskContext, { at: startedAt, ...rules.calendarYearsFor(spec, startedAt) });
    statements.length = 0;
    expect(await checkTaskSpec(w.db, spec, ctx.people)).toEqual(spec);
    const { vs: _left, ...withoutAssignee } = ctx.people;
    await expect(checkTaskSpec(w.db, spec, withoutAssignee)).rejects.toThrow(TaskSpecError);
    expect(statements).toEqual([]);

    const prepared = rules.prepareStart(spec, ctx, startedAt);
    await recordPreparedStarts(w.db, [prepared]);
    expect(statements).toEqual(['BEGIN IMMEDIATE', 'SELECT Task', 'INSERT Task', 'INSERT TaskEvent', 'COMMIT']);
    // Again (a retried opening): the row is there, so its events are looked for, and nothing is written twice.
    statements.length = 0;
    await recordPreparedStarts(w.db, [prepared]);
    expect(statements).toEqual(['BEGIN IMMEDIATE', 'SELECT Task', 'SELECT TaskEvent', 'COMMIT']);
    expect(await w.db.prisma.taskEvent.count({ where: { taskId: spec.id } })).toBe(prepared.events.length);
  });
});
