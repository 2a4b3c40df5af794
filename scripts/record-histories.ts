// Records the hazard workflow's event histories that tests/replay/replay.test.ts replays against the
// current workflow code (docs/versioning.md). Each recording runs one hazard life cycle the way the
// engine tests do — the time-skipping server, a scratch SQLite database with tests/fixtures/town.yaml,
// the real worker (workflow bundle + activities) and a capture mail transport — drives it through
// client/act.ts, checks that it sent the notices it is named for, and writes the finished
// workflow's history to tests/replay/histories/<name>.json (Temporal's JSON history format). The set-up
// and the writing are scripts/recorder.ts's, shared with tests/replay/record-task-histories.ts.
//
//   npx tsx scripts/record-histories.ts                      record every history
//   npx tsx scripts/record-histories.ts general-lifecycle    record only the named ones
//   npx tsx scripts/record-histories.ts --list               list the recordings
//   npx tsx scripts/record-histories.ts --verbose            also print every notice each one sent
//
// Simulated time is in 2030 (the fixture town's calendar year); the time-skipping server only moves
// forward from the real present, so the dates stay valid for years.

import { readFileSync } from 'node:fs';
import { WorkflowFailedError } from '@temporalio/client';
import { UserInputError } from '../client/errors.ts';
import { act, type HazardAction } from '../client/act.ts';
import { hazardState, hazardWorkflowId, type HazardView } from '../domain/hazard.ts';
import { formatInstant } from '../domain/time.ts';
import { projectPath } from '../worker/paths.ts';
import { at, recordHistory, writeHistories } from './recorder.ts';

const TOWN = readFileSync(projectPath('tests', 'fixtures', 'town.yaml'), 'utf8');

interface Run {
  advanceTo(when: string): Promise<void>;
  report(input: Record<string, unknown>): Promise<HazardView>;
  act(action: HazardAction, id: string, input: Record<string, unknown>): Promise<HazardView>;
  /** An action the engine must refuse (a validator rejection never reaches the history). */
  refused(action: HazardAction | 'report', id: string, input: Record<string, unknown>): Promise<string>;
  reload(profileText: string): Promise<void>;
}

interface Recording {
  name: string;
  what: string;
  start: string;
  /** The hazard whose workflow is recorded. */
  hazard: string;
  run(r: Run): Promise<void>;
  /** The notice kinds the hazard must have sent, in order (escalations with their level). */
  notices: string[];
  /** How the workflow must end. */
  outcome: 'completed' | 'failed';
}

const plan = {
  目标任务: '消除储罐区泄漏风险',
  方法措施: '更换阀门并加装泄漏报警',
  经费物资: '企业自筹 6 万元',
  机构人员: '企业负责人任组长',
  时限要求: '期限内完成',
  安全措施和应急预案: '施工期间停止装卸作业，设警戒区',
};

const RECORDINGS: Recording[] = [
  {
    name: 'general-lifecycle',
    what: '一般隐患：提醒 → 逾期、一级督办 → 签收 → 恢复二级督办 → 提交 → 复查不通过 → 再提交 → 复查超期 → 通过销号；其间几次被拒绝的操作',
    start: '2030-09-02T08:00',
    hazard: 'YH-2030-0001',
    async run(r) {
      await r.advanceTo('2030-09-02T10:00');
      await r.report({ id: 'YH-2030-0001', enterprise: 'e1', level: 'general', description: '储罐区静电接地线断开', location: '1号储罐', deadline: { workdays: 5 }, by: 'insp' });
      await r.advanceTo('2030-09-03T10:00');
      await r.refused('verify', 'YH-2030-0001', { by: 'insp', result: 'pass' });
      await r.refused('ack', 'YH-2030-0001', { by: 'lead' });
      await r.advanceTo('2030-09-11T10:00');
      await r.refused('ack', 'YH-2030-0001', { by: 'head' });
      await r.act('ack', 'YH-2030-0001', { by: 'lead', note: '已电话督促企业负责人' });
      await r.advanceTo('2030-09-20T15:00');
      await r.act('submit', 'YH-2030-0001', { evidence: '已更换接地线（照片3张）' });
      await r.advanceTo('2030-09-23T10:00');
      await r.refused('verify', 'YH-2030-0001', { by: 'insp', result: 'fail' });
      await r.act('verify', 'YH-2030-0001', { by: 'insp', result: 'fail', deadline: { date: '2030-09-27' }, note: '接地电阻检测报告缺失' });
      await r.advanceTo('2030-09-26T16:00');
      await r.act('submit', 'YH-2030-0001', { evidence: '补充第三方接地电阻检测报告' });
      await r.advanceTo('2030-10-08T10:00');
      await r.act('verify', 'YH-2030-0001', { by: 'insp', result: 'pass' });
    },
    notices: [
      'hazard.assigned',
      'hazard.reminder',
      'hazard.overdue',
      'hazard.escalation:1',
      'hazard.escalation:2',
      'hazard.verification_requested',
      'hazard.rejected',
      'hazard.reminder',
      'hazard.verification_requested',
      'hazard.verification_overdue',
      'hazard.closed',
    ],
    outcome: 'completed',
  },
  {
    name: 'major-extension-approved',
    what: '重大事故隐患：挂牌督办 → 申请延期 → 批准 → 提醒 → 逾期、一级督办 → 次日二级督办 → 提交 → 通过销号',
    start: '2030-09-02T08:00',
    hazard: 'YH-2030-0002',
    async run(r) {
      await r.advanceTo('2030-09-02T10:00');
      await r.report({ id: 'YH-2030-0002', enterprise: 'e2', level: 'major', description: '储罐区阀门泄漏', deadline: { date: '2030-09-20' }, by: 'insp', plan });
      await r.advanceTo('2030-09-16T09:30');
      await r.act('extend', 'YH-2030-0002', { reason: '阀门到货延迟', deadline: { date: '2030-09-27' } });
      await r.advanceTo('2030-09-17T14:00');
      await r.refused('decide', 'YH-2030-0002', { by: 'lead2', approve: true });
      await r.act('decide', 'YH-2030-0002', { by: 'lead', approve: true, note: '同意，到货后立即施工' });
      await r.advanceTo('2030-10-08T17:00');
      await r.act('submit', 'YH-2030-0002', { evidence: '阀门已更换，泄漏报警已安装' });
      await r.advanceTo('2030-10-09T10:00');
      await r.act('verify', 'YH-2030-0002', { by: 'insp', result: 'pass' });
    },
    notices: [
      'hazard.assigned',
      'hazard.major_listed',
      'hazard.extension_requested',
      'hazard.extension_decided',
      'hazard.reminder',
      'hazard.overdue',
      'hazard.escalation:1',
      'hazard.escalation:2',
      'hazard.verification_requested',
      'hazard.closed',
    ],
    outcome: 'completed',
  },
  {
    name: 'general-extension-denied',
    what: '一般隐患：申请延期 → 不批准（再申请被拒）→ 按原期限提交 → 通过销号',
    start: '2030-09-02T08:00',
    hazard: 'YH-2030-0003',
    async run(r) {
      await r.advanceTo('2030-09-02T10:00');
      await r.report({ id: 'YH-2030-0003', enterprise: 'e3', level: 'general', description: '仓库堆垛超高', deadline: { workdays: 10 }, by: 'insp2' });
      await r.advanceTo('2030-09-04T09:00');
      await r.act('extend', 'YH-2030-0003', { reason: '需要租用新仓库分流', deadline: { workdays: 20 } });
      await r.advanceTo('2030-09-05T10:00');
      await r.act('decide', 'YH-2030-0003', { by: 'lead2', approve: false, note: '先腾挪到现有仓库空位' });
      await r.refused('extend', 'YH-2030-0003', { reason: '再次申请', deadline: { workdays: 20 } });
      await r.advanceTo('2030-09-13T16:00');
      await r.act('submit', 'YH-2030-0003', { evidence: '已降低堆垛高度并划线' });
      await r.advanceTo('2030-09-16T10:00');
      await r.act('verify', 'YH-2030-0003', { by: 'insp2', result: 'pass' });
    },
    notices: ['hazard.assigned', 'hazard.extension_requested', 'hazard.extension_decided', 'hazard.verification_requested', 'hazard.closed'],
    outcome: 'completed',
  },
  {
    name: 'refused-report',
    what: '上报被拒：期限已过（在更新处理中、读取企业之后拒绝），工作流等不到上报，10 分钟后以 NoReport 失败',
    start: '2030-09-02T08:00',
    hazard: 'YH-2030-0004',
    async run(r) {
      await r.advanceTo('2030-09-02T10:00');
      await r.refused('report', 'YH-2030-0004', { id: 'YH-2030-0004', enterprise: 'e1', level: 'general', description: '消防通道堵塞', deadline: { date: '2030-08-01' }, by: 'insp' });
      await r.advanceTo('2030-09-02T10:30');
    },
    notices: [],
    outcome: 'failed',
  },
  {
    name: 'town-reloaded',
    what: '一般隐患：上报后重新导入档案（分管领导更换，townChanged 信号）→ 逾期、一级督办 → 未签收，二级督办 → 提交 → 通过销号',
    start: '2030-09-02T08:00',
    hazard: 'YH-2030-0005',
    async run(r) {
      await r.advanceTo('2030-09-02T10:00');
      await r.report({ id: 'YH-2030-0005', enterprise: 'e1', level: 'general', description: '配电箱未接地', deadline: { workdays: 3 }, by: 'insp' });
      await r.advanceTo('2030-09-03T11:00');
      await r.reload(TOWN.replace('{ id: hazchem, name: 危险化学品, leader: lead,', '{ id: hazchem, name: 危险化学品, leader: lead2,'));
      await r.advanceTo('2030-09-17T15:00');
      await r.act('submit', 'YH-2030-0005', { evidence: '已接地并检测' });
      await r.advanceTo('2030-09-18T10:00');
      await r.act('verify', 'YH-2030-0005', { by: 'insp', result: 'pass' });
    },
    notices: [
      'hazard.assigned',
      'hazard.reminder',
      'hazard.overdue',
      'hazard.escalation:1',
      'hazard.escalation:2',
      'hazard.verification_requested',
      'hazard.closed',
    ],
    outcome: 'completed',
  },
];

/** Runs one recording; returns its history as JSON text and a line about it. */
function record(recording: Recording, verbose: boolean): Promise<{ json: string; summary: string }> {
  const setup = { town: TOWN, start: recording.start, workflowId: hazardWorkflowId(recording.hazard) };
  return recordHistory(setup, async ({ db, env, taskQueue, worker, handle, reload }) => {
    const gateway = { client: env.client, taskQueue, db, now: () => env.currentTimeMs() };
    const run: Run = {
      async advanceTo(when) {
        const now = await env.currentTimeMs();
        if (at(when) > now) await env.sleep(at(when) - now);
      },
      report: (input) => act(gateway, 'hazard', undefined, 'report', input),
      act: (action, id, input) => act(gateway, 'hazard', id, action, input),
      async refused(action, id, input) {
        try {
          await act(gateway, 'hazard', action === 'report' ? undefined : id, action, input);
        } catch (error) {
          if (error instanceof UserInputError) return error.problems.join('；');
          throw error;
        }
        throw new Error(`${recording.name}: ${action} ${id} was accepted, but the recording expects a refusal`);
      },
      reload,
    };

    let ended: string;
    await worker.runUntil(async () => {
      await recording.run(run);
      if (recording.outcome === 'completed') {
        const view = await handle.query(hazardState);
        if (view?.status !== 'closed') throw new Error(`${recording.name}: hazard ${recording.hazard} is ${view?.status ?? 'not reported'}, not closed`);
        const result = await handle.result();
        ended = `completed (rounds ${result.rounds})`;
      } else {
        try {
          await handle.result();
          throw new Error(`${recording.name}: the workflow completed, but the recording expects it to fail`);
        } catch (error) {
          if (!(error instanceof WorkflowFailedError)) throw error;
          ended = `failed (${error.cause?.message ?? error.message})`;
        }
      }
    });

    const rows = await db.prisma.notice.findMany({ where: { ref: recording.hazard, status: 'sent' }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    const kinds = rows.map((n) => (n.kind === 'hazard.escalation' ? `${n.kind}:${/escalation-(\d+)/.exec(n.key)?.[1] ?? '?'}` : n.kind));
    const sent = rows.map((n) => `  ${formatInstant(n.at.getTime())} ${n.kind} ${n.key}`).join('\n');
    if (verbose && sent) console.log(sent);
    if (JSON.stringify(kinds) !== JSON.stringify(recording.notices)) {
      throw new Error(`${recording.name}: expected notices\n  ${recording.notices.join(', ')}\nbut the hazard sent\n${sent}`);
    }
    return { notices: rows.length, outcome: ended! };
  });
}

async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  argv = argv.filter((a) => a !== '--verbose');
  if (argv.includes('--list')) {
    for (const r of RECORDINGS) console.log(`${r.name.padEnd(26)} ${r.what}`);
    return 0;
  }
  const unknown = argv.filter((name) => !RECORDINGS.some((r) => r.name === name));
  if (unknown.length) {
    console.error(`unknown recording(s): ${unknown.join(', ')} (--list shows them)`);
    return 2;
  }
  const chosen = argv.length ? RECORDINGS.filter((r) => argv.includes(r.name)) : RECORDINGS;
  await writeHistories(chosen, (recording) => record(recording, verbose));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
