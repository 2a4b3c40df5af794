// Records the duty task and campaign workflows' event histories that replay.test.ts replays against the
// current workflow code (docs/versioning.md), as scripts/record-histories.ts does for hazards: each
// recording runs one life cycle on the time-skipping server with a scratch SQLite database holding the
// task town (tests/support/task-specs.ts), the real worker and a capture mail transport, checks the
// notices it is named for, and writes the ended workflow's history to tests/replay/histories/<name>.json
// (the set-up and the writing are scripts/recorder.ts's, shared with the hazard recorder).
//
//   npx tsx tests/replay/record-task-histories.ts               record every task history
//   npx tsx tests/replay/record-task-histories.ts task-overdue  record only the named ones

import type { WorkflowHandle } from '@temporalio/client';
import { closeCampaign, startCampaign } from '../../client/campaigns.ts';
import type { Client } from '@temporalio/client';
import { act, type Gateway } from '../../client/act.ts';
import { startTask } from '../../client/tasks.ts';
import { advanceSimulatedTime } from '../../client/temporal.ts';
import { formatInstant } from '../../domain/time.ts';
import { at, recordHistory, writeHistories } from '../../scripts/recorder.ts';
import { reconcile } from '../../worker/reconciler.ts';
import { dutyWorkflowId } from '../../domain/task.ts';
import { TASK_TOWN, committeeMeeting, villageReport } from '../support/task-specs.ts';

interface Run {
  g: Gateway & { client: Client };
  advanceTo(when: string): Promise<void>;
  reload(profileText: string): Promise<void>;
}

interface Recording {
  name: string;
  what: string;
  /** The workflow whose history is written (a task id, or `campaign:<id>`). */
  workflowId: string;
  /** The notices' ref: the task or campaign id (default: the workflow id). */
  ref?: string;
  /** Drives the life cycle; a workflow that continues as new returns the run to write, which must have done so. */
  run(r: Run): Promise<void | WorkflowHandle>;
  /** The notice kinds the workflow must have sent, in order. */
  notices: string[];
}

/** A campaign over the town's three enterprises, started Mon 2030-09-02 10:00, due five working days on. */
async function campaignClosedByHand(r: Run): Promise<void> {
  await r.advanceTo('2030-09-02T10:00');
  await startCampaign(r.g, { id: 'CR2030', template: 'special', title: '2030年秋季专项整治', due: { workdays: 5 }, by: 'lead' }, at('2030-09-02T10:00'));
  await r.advanceTo('2030-09-05T15:00');
  await act(r.g, 'task', 'CR2030:e3', 'complete', { by: 'insp2', evidence: '已检查，未发现问题' });
  await r.advanceTo('2030-09-11T10:00');
  await closeCampaign(r.g, 'CR2030', { by: 'lead' });
}

const RECORDINGS: Recording[] = [
  {
    name: 'task-overdue-completed-late',
    what: '村月报：任务通知 → 提醒 → 逾期、一级督办 → 档案重新载入（townChanged）→ 二级督办 → 逾期完成',
    workflowId: 'village-report:2030-08:v1',
    async run(r) {
      await r.advanceTo('2030-09-01T10:00');
      await startTask(r.g, villageReport());
      await r.advanceTo('2030-09-10T10:00');
      await r.reload(TASK_TOWN.replace('policy: {}', 'policy: { task: { escalationWorkdays: 2 } }'));
      await r.advanceTo('2030-09-16T10:00');
      await act(r.g, 'task', 'village-report:2030-08:v1', 'complete', { by: 'vs', evidence: '补交8月月报', note: '村委换届耽误' });
    },
    notices: ['duty.assigned', 'duty.reminder', 'duty.overdue', 'duty.escalation', 'duty.escalation'],
  },
  {
    name: 'task-meeting-rescheduled-cancelled',
    what: '安委会会议：邀请（.ics）→ 改期（SEQUENCE 1，同一规格重发无变化）→ 取消（CANCEL）',
    workflowId: 'committee-meeting:2030-09',
    async run(r) {
      await r.advanceTo('2030-09-02T10:00');
      await startTask(r.g, committeeMeeting());
      await r.advanceTo('2030-09-06T10:00');
      const moved = committeeMeeting({ meeting: { ...committeeMeeting().meeting!, time: '14:30' } });
      await act(r.g, 'task', 'committee-meeting:2030-09', 'replace', { spec: moved, reason: '改为下午' });
      await act(r.g, 'task', 'committee-meeting:2030-09', 'replace', { spec: moved });
      await r.advanceTo('2030-09-08T10:00');
      await act(r.g, 'task', 'committee-meeting:2030-09', 'cancel', { reason: '本月会议取消', by: 'office' });
    },
    notices: ['meeting.invite', 'meeting.invite', 'meeting.invite'],
  },
  {
    name: 'task-rescheduled-completed',
    what: '村月报：任务通知 → 新增放假后换用规格（期限顺延，重发任务通知）→ 按期完成',
    workflowId: 'village-report:2030-08:v1',
    async run(r) {
      await r.advanceTo('2030-09-01T10:00');
      await startTask(r.g, villageReport());
      await r.advanceTo('2030-09-03T10:00');
      await act(r.g, 'task', 'village-report:2030-08:v1', 'replace', { spec: villageReport({ due: '2030-09-09', dueTrace: '顺延' }), reason: '新增放假安排' });
      await r.advanceTo('2030-09-06T11:00');
      await act(r.g, 'task', 'village-report:2030-08:v1', 'complete', { by: 'vs', evidence: '已报' });
    },
    notices: ['duty.assigned', 'duty.assigned', 'duty.reminder'],
  },
  {
    name: 'campaign-closed-by-hand',
    what: '专项行动：分批启动任务 → 开始、交办 → 提醒 → 周报 → 逾期、一级督办 → 手动结束（取消未办任务，附台账）',
    workflowId: 'campaign:CR2030',
    ref: 'CR2030',
    run: campaignClosedByHand,
    notices: [
      'campaign.started',
      'campaign.assigned',
      'campaign.assigned',
      'campaign.reminder',
      'campaign.progress',
      'campaign.overdue',
      'campaign.escalation',
      'campaign.closed',
    ],
  },
  {
    name: 'campaign-task-prepared-completed',
    what: '专项行动的任务：由启动批次代为开始（prepared）→ 在提醒之前办结（办结时才读取工作情况）',
    workflowId: 'CR2030:e3',
    run: campaignClosedByHand,
    notices: [],
  },
  {
    name: 'duty-calendar-unconfirmed',
    what: '节前检查工作：补建 → 下一次开始（元旦2031，2031年放假安排未录入）→ 睡到开始日 → 启动任务、09:00 告知安办主任“工作日历待确认” → continue-as-new',
    workflowId: dutyWorkflowId('holiday-check'),
    ref: 'calendar:2031',
    async run(r) {
      await r.advanceTo('2030-12-16T10:00');
      await reconcile({ client: r.g.client, taskQueue: r.g.taskQueue, db: r.g.db });
      // The first run: it sleeps to the 元旦 opening, starts its tasks, tells the office head and continues as new.
      const first = r.g.client.workflow.getHandle(dutyWorkflowId('holiday-check'));
      const { runId } = await first.describe();
      await r.advanceTo('2031-01-04T10:00');
      return r.g.client.workflow.getHandle(dutyWorkflowId('holiday-check'), runId);
    },
    notices: ['calendar.unconfirmed'],
  },
  {
    name: 'task-prepared-by-duty',
    what: '村月报由工作日历启动：活动代为开始（prepared，睡到 09:00）→ 任务通知（醒来时读取工作情况）→ 提醒 → 按期完成',
    workflowId: 'village-report:2030-08:v1',
    async run(r) {
      await r.advanceTo('2030-09-01T10:00');
      await reconcile({ client: r.g.client, taskQueue: r.g.taskQueue, db: r.g.db });
      await r.advanceTo('2030-09-05T15:00');
      await act(r.g, 'task', 'village-report:2030-08:v1', 'complete', { by: 'vs', evidence: '已报' });
    },
    notices: ['duty.assigned', 'duty.reminder'],
  },
];

/** Runs one recording; returns its history as JSON text and a line about it. */
function record(recording: Recording): Promise<{ json: string; summary: string }> {
  const setup = { town: TASK_TOWN, start: '2030-09-01T08:00', workflowId: recording.workflowId };
  return recordHistory(setup, async ({ db, env, taskQueue, worker, handle, reload }) => {
    const run: Run = {
      g: { client: env.client, taskQueue, db },
      advanceTo: (when) => advanceSimulatedTime(env, at(when)),
      reload,
    };
    let outcome = '';
    let one: WorkflowHandle | undefined;
    await worker.runUntil(async () => {
      one = (await recording.run(run)) ?? undefined;
      if (one) {
        const { status } = await one.describe();
        if (status.name !== 'CONTINUED_AS_NEW') throw new Error(`${recording.name}: the run to record is ${status.name}, not continued as new`);
        outcome = 'continued as new';
        return;
      }
      const result = await handle.result();
      outcome = 'status' in result ? `${result.status}${result.late ? ' (late)' : ''}` : `${result.reason}`;
    });
    const rows = await db.prisma.notice.findMany({ where: { ref: recording.ref ?? recording.workflowId, status: 'sent' }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    const kinds = rows.map((n) => n.kind);
    if (JSON.stringify(kinds) !== JSON.stringify(recording.notices)) {
      const sent = rows.map((n) => `  ${formatInstant(n.at.getTime())} ${n.kind} ${n.key}`).join('\n');
      throw new Error(`${recording.name}: expected notices\n  ${recording.notices.join(', ')}\nbut the task sent\n${sent}`);
    }
    return { notices: rows.length, outcome, ...(one ? { run: one } : {}) };
  });
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((name) => !RECORDINGS.some((r) => r.name === name));
  if (unknown.length) {
    console.error(`unknown recording(s): ${unknown.join(', ')} (known: ${RECORDINGS.map((r) => r.name).join(', ')})`);
    return 2;
  }
  const chosen = argv.length ? RECORDINGS.filter((r) => argv.includes(r.name)) : RECORDINGS;
  await writeHistories(chosen, record);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
