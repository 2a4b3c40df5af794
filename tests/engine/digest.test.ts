// The daily digest (contract §8) through the whole engine: task and hazard workflows on the time-skipping
// server, the real worker and activities, a real database, the engine's SMTP transport to a real SMTP server
// started here, and each recipient's links signed as `anwei start` signs them. What people receive is read
// back from the server: one 今日待办 a day for what was scheduled, urgent things alone and at once.

import type { ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { act } from '../../client/act.ts';
import { digestCollectorId, digestKey } from '../../domain/digest.ts';
import type { TaskSpec } from '../../domain/task.ts';
import { formatInstant } from '../../domain/time.ts';
import { createOutbox } from '../../activities/notices.ts';
import { MAIL_FROM, instant } from '../support/engine.ts';
import { linkedEngine, to, until } from '../support/linked-engine.ts';
import { TASK_TOWN, startTask, villageReport } from '../support/tasks.ts';
import { general, major } from './hazard-helpers.ts';

/** `n` inspections of 丙机械厂 (industry: inspector insp2, leader lead2), opening Mon 2030-09-02, due Fri 09-06. */
function inspections(n: number, assigneeId = 'insp2'): TaskSpec[] {
  return Array.from({ length: n }, (_, i) =>
    villageReport({
      id: `spot-check:2030-09:${assigneeId}-${String(i + 1).padStart(2, '0')}`,
      dutyId: 'spot-check',
      dutyName: '企业抽查',
      title: `丙机械厂第${i + 1}次抽查`,
      period: '2030-09',
      scope: { kind: 'enterprise', id: 'e3' },
      assigneeId,
      level1: 'sector_leader',
    }),
  );
}

/** The person's messages, each as (kind header, subject, time sent as +08:00 minutes). */
function mailOf(messages: readonly ParsedMail[], address: string) {
  return messages
    .filter((m) => to(m).includes(address))
    .map((m) => ({ kind: String(m.headers.get('x-anwei-kind')), subject: m.subject!, at: formatInstant(m.date!.getTime()).slice(0, 16) }))
    .sort((a, b) => a.at.localeCompare(b.at) || a.subject.localeCompare(b.subject));
}

const town = (edit: (yaml: string) => string) => {
  const edited = edit(TASK_TOWN);
  if (edited === TASK_TOWN) throw new Error('the task town changed: the edit no longer applies');
  return edited;
};

describe('the daily digest', () => {
  it('an inspector with 12 tasks opening the same day gets one 今日待办（12项） at 09:01, every task in it with its own 登记完成 and 查看详情', async () => {
    const { engine, server, messages, buttons } = await linkedEngine('2030-09-01T08:00', TASK_TOWN);
    for (const spec of inspections(12)) await startTask(engine, spec);
    await engine.advanceTo('2030-09-02T09:30');
    await until(() => expect(server.received.length).toBeGreaterThanOrEqual(1));

    const received = await messages();
    expect(mailOf(received, 'insp2@town.example')).toEqual([{ kind: 'digest', subject: '今日待办（12项）', at: '2030-09-02T09:01' }]);
    const digest = received.find((m) => to(m).includes('insp2@town.example'))!;
    expect(digest.text).toContain('一、新的工作任务（12项）');
    const links = buttons(digest);
    expect(links).toHaveLength(24);
    for (const spec of inspections(12)) {
      expect(digest.text).toContain(spec.title);
      expect(links.filter((l) => l.item === `task:${spec.id}`).map((l) => [l.label, l.who])).toEqual([
        ['登记完成', 'insp2'],
        ['查看详情', 'insp2'],
      ]);
    }
    // Each notice is still its own row, and says which digest carried it.
    const rows = await engine.db.prisma.notice.findMany({ where: { kind: 'duty.assigned' } });
    expect(rows).toHaveLength(12);
    for (const row of rows) expect(JSON.parse(row.deliveriesJson!)).toMatchObject([{ sent: true, digest: digestKey('2030-09-02', 'insp2@town.example') }]);
    // The moment's collector was told once, when the digest opened — not once for each of the 12 copies.
    const history = await engine.env.client.workflow.getHandle(digestCollectorId(instant('2030-09-02T09:00'))).fetchHistory();
    expect((history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length).toBe(1);
  });

  it('a 09:00 step that a busy machine holds up for longer than the gather window still joins its digest: the simulated clock waits for it', async () => {
    // While a step runs, the time-skipping server's clock moves at the real pace: held up 70 s, the 09:00 batch
    // is still running at 09:01 and past 30 s of quiet. The collector waits until the server skips time again.
    const held = inspections(3)[0]!.id;
    let holds = 0;
    const beforeStepRecord = async (key: string) => {
      if (key.includes(held) && holds++ === 0) await new Promise((resolve) => setTimeout(resolve, 70_000));
    };
    const { engine, server, messages } = await linkedEngine('2030-09-01T08:00', TASK_TOWN, { beforeStepRecord });
    for (const spec of inspections(3)) await startTask(engine, spec);
    await engine.advanceTo('2030-09-02T09:30');
    await until(() => expect(server.received.length).toBeGreaterThanOrEqual(1));
    expect(holds).toBeGreaterThan(0);
    expect(mailOf(await messages(), 'insp2@town.example')).toEqual([{ kind: 'digest', subject: '今日待办（3项）', at: '2030-09-02T09:01' }]);
  }, 180_000);

  it('a 重大 hazard’s reminder comes alone at 09:00; the two general hazards’ reminders of the same day come together at 09:01', async () => {
    const { engine, messages } = await linkedEngine('2030-09-02T08:00', TASK_TOWN);
    await engine.advanceTo('2030-09-02T10:00');
    // Due Thu 09-05, reminded Wed 09-04 09:00, all three.
    await engine.report(general('H1', { workdays: 3 }));
    await engine.report(general('H3', { workdays: 3 }, { description: '配电箱未接地' }));
    await engine.report(major('M1', '2030-09-05'));
    await engine.advanceTo('2030-09-04T12:00');

    const received = await messages();
    const day = (address: string) => mailOf(received, address).filter((m) => m.at.startsWith('2030-09-04'));
    for (const address of ['insp@town.example', 'wang@e1.example']) {
      expect(day(address)).toEqual([
        { kind: 'hazard.reminder', subject: expect.stringContaining('重大隐患整改到期提醒'), at: '2030-09-04T09:00' },
        { kind: 'digest', subject: '今日待办（2项）', at: '2030-09-04T09:01' },
      ]);
    }
    const digest = received.find((m) => to(m).includes('insp@town.example') && m.subject === '今日待办（2项）')!;
    expect(digest.text).toContain('一、隐患整改即将到期（2项）');
    expect(digest.text).toContain('储罐区静电接地线断开');
    expect(digest.text).toContain('配电箱未接地');
    expect(digest.text).not.toContain('液化气储罐安全阀失效');
  });

  it('a level-2 escalation comes alone at 09:00, the same day as that person’s digest', async () => {
    const { engine, messages } = await linkedEngine('2030-09-01T08:00', TASK_TOWN);
    // The village report left undone: overdue Mon 09-09, level 2 to head and secretary Fri 09-13 09:00.
    await startTask(engine, villageReport());
    // The head's own task reminded the same Friday (due Mon 09-16): a scheduled notice for the digest.
    const { scope: _none, ...statistics } = villageReport({ id: 'statistics-report:2030-Q3', dutyId: 'statistics-report', period: '2030-Q3', title: '2030年三季度统计报表', assigneeId: 'head', level1: 'safety_leader', opensOn: '2030-09-10', due: '2030-09-16' });
    await startTask(engine, statistics);
    await engine.advanceTo('2030-09-13T12:00');

    const friday = mailOf(await messages(), 'head@town.example').filter((m) => m.at.startsWith('2030-09-13'));
    expect(friday).toEqual([
      { kind: 'duty.escalation', subject: expect.stringContaining('二级'), at: '2030-09-13T09:00' },
      // A digest of one item is that notice's own email, sent with the digest.
      { kind: 'digest', subject: expect.stringContaining('到期提醒'), at: '2030-09-13T09:01' },
    ]);
  });

  it('policy.digest: false sends one email a notice again; people[].digest: false does so for that person only', async () => {
    const off = town((y) => y.replace('policy: {}', 'policy: { digest: false }'));
    const first = await linkedEngine('2030-09-01T08:00', off);
    for (const spec of inspections(3)) await startTask(first.engine, spec);
    await first.engine.advanceTo('2030-09-02T09:30');
    expect(mailOf(await first.messages(), 'insp2@town.example').map((m) => [m.kind, m.at])).toEqual(Array(3).fill(['duty.assigned', '2030-09-02T09:00']));

    const oneOff = town((y) => y.replace('{ id: insp, name: 安监员己, role: inspector, email: insp@town.example }', '{ id: insp, name: 安监员己, role: inspector, email: insp@town.example, digest: false }'));
    const second = await linkedEngine('2030-09-01T08:00', oneOff);
    for (const spec of [...inspections(3, 'insp'), ...inspections(3, 'insp2')]) await startTask(second.engine, spec);
    await second.engine.advanceTo('2030-09-02T09:30');
    const received = await second.messages();
    expect(mailOf(received, 'insp@town.example').map((m) => m.kind)).toEqual(['duty.assigned', 'duty.assigned', 'duty.assigned']);
    expect(mailOf(received, 'insp2@town.example')).toEqual([{ kind: 'digest', subject: '今日待办（3项）', at: '2030-09-02T09:01' }]);
  });

  it('digestAt 17:00 holds the day’s notices until then, and leaves out a task done in the meantime', async () => {
    const late = town((y) => y.replace('{ id: insp2, name: 安监员庚, role: inspector, email: insp2@town.example }', '{ id: insp2, name: 安监员庚, role: inspector, email: insp2@town.example, digestAt: "17:00" }'));
    const { engine, messages } = await linkedEngine('2030-09-01T08:00', late);
    const specs = inspections(3);
    for (const spec of specs) await startTask(engine, spec);
    await engine.advanceTo('2030-09-02T10:00');
    expect(mailOf(await messages(), 'insp2@town.example')).toEqual([]);
    await act(engine.gateway, 'task', specs[0]!.id, 'complete', { by: 'insp2', evidence: '已检查' });
    await engine.advanceTo('2030-09-02T17:30');

    const digest = mailOf(await messages(), 'insp2@town.example');
    expect(digest).toEqual([{ kind: 'digest', subject: '今日待办（2项）', at: '2030-09-02T17:01' }]);
    const entries = await engine.db.prisma.digestEntry.findMany({ orderBy: { ref: 'asc' } });
    expect(entries.map((e) => [e.ref, e.included])).toEqual([
      [specs[0]!.id, false],
      [specs[1]!.id, true],
      [specs[2]!.id, true],
    ]);
  });

  it('a worker dying after the server took the digest retries the send: the digest arrives once, and a second collector sends nothing', async () => {
    let failed = 0;
    const key = digestKey('2030-09-02', 'insp2@town.example');
    const { engine, messages } = await linkedEngine('2030-09-01T08:00', TASK_TOWN, {
      afterSend: (sent) => {
        if (sent === key && failed++ === 0) throw new Error('worker died after the SMTP server took the digest');
      },
    });
    for (const spec of inspections(4)) await startTask(engine, spec);
    await engine.advanceTo('2030-09-02T09:30');
    // The collector's retried send finds the digest sent, and ends.
    const nine = instant('2030-09-02T09:00');
    expect(await engine.env.client.workflow.getHandle(digestCollectorId(nine)).result()).toEqual({ digests: 1, sent: 0, items: 4, left: 0 });
    expect(failed).toBe(1);
    expect(mailOf(await messages(), 'insp2@town.example')).toEqual([{ kind: 'digest', subject: '今日待办（4项）', at: '2030-09-02T09:01' }]);

    // Another collector of the same moment (one started anew after the first ended): nothing is left to send.
    const again = await engine.env.client.workflow.execute('digestWorkflow', { workflowId: `${digestCollectorId(nine)}:again`, taskQueue: engine.gateway.taskQueue, args: [{ sendAt: nine }] });
    expect(again).toEqual({ digests: 0, sent: 0, items: 0, left: 0 });
    expect(mailOf(await messages(), 'insp2@town.example')).toHaveLength(1);
  });

  it('a digest opened while its moment’s collector is sending is sent by it too, before it ends', async () => {
    const nine = instant('2030-09-02T09:00');
    let late: Promise<unknown> | undefined;
    const { engine, messages } = await linkedEngine('2030-09-01T08:00', TASK_TOWN, {
      // As insp2's digest goes, a copy for insp of the same 09:00 opens insp's digest (a busy worker's straggler).
      afterSend: (sent) => {
        if (sent !== digestKey('2030-09-02', 'insp2@town.example') || late) return;
        const outbox = createOutbox({ db: engine.db, mail: engine.mail, mailFrom: MAIL_FROM, temporal: { client: engine.env.client, taskQueue: engine.gateway.taskQueue } });
        late = engine.db.prisma.notice
          .create({ data: { key: 'straggler:reminder', kind: 'duty.reminder', ref: 'straggler', at: new Date(nine), recipientsJson: JSON.stringify([{ personId: 'insp', name: '安监员己', email: 'insp@town.example' }]), subject: '【到期提醒】迟到的提醒', text: '迟到的提醒\n', html: '<p>迟到的提醒</p>', messageId: '<straggler@town.example>', status: 'pending', digest: true } })
          .then((row) => outbox.deliver(row));
      },
    });
    for (const spec of inspections(2)) await startTask(engine, spec);
    await engine.advanceTo('2030-09-02T09:30');
    const result = await engine.env.client.workflow.getHandle(digestCollectorId(nine)).result();
    await late;
    expect(result).toMatchObject({ digests: 2, sent: 2 });
    expect(mailOf(await messages(), 'insp@town.example')).toEqual([{ kind: 'digest', subject: '【到期提醒】迟到的提醒', at: '2030-09-02T09:01' }]);
    expect(mailOf(await messages(), 'insp2@town.example')).toEqual([{ kind: 'digest', subject: '今日待办（2项）', at: '2030-09-02T09:01' }]);
  });
});
