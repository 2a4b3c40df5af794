// Records the duty task and campaign workflows' event histories that replay.test.ts replays against the
// current workflow code (docs/versioning.md), as scripts/record-histories.ts does for hazards: each
// recording runs one life cycle on the time-skipping server with a scratch SQLite database holding the
// task town (tests/support/task-specs.ts), the real worker and a capture mail transport, checks the
// notices it is named for, and writes the ended workflow's history to tests/replay/histories/<name>.json.
//
//   npx tsx tests/replay/record-task-histories.ts               record every task history
//   npx tsx tests/replay/record-task-histories.ts task-overdue  record only the named ones

import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createMailTransport } from '../../activities/mail/transport.ts';
import { loadProfile, notifyTownChanged } from '../../client/profile-loader.ts';
import { closeCampaign, startCampaign } from '../../client/campaigns.ts';
import { cancel, complete, replaceSpec, startTask, type TaskGateway } from '../../client/tasks.ts';
import { advanceSimulatedTime, createTimeSkippingEnvironment } from '../../client/temporal.ts';
import { formatInstant, parseInstant } from '../../domain/time.ts';
import { migrateDatabase, openDatabase, type Database } from '../../prisma/client.ts';
import { historyToJSONText } from '../../scripts/history-json.ts';
import { buildWorkflowBundle, defaultBundlePath } from '../../worker/bundle.ts';
import { createEngineWorker, quietTemporalLogs } from '../../worker/index.ts';
import { projectPath } from '../../worker/paths.ts';
import { TASK_TOWN, committeeMeeting, villageReport } from '../support/task-specs.ts';

const OUT_DIR = projectPath('tests', 'replay', 'histories');
const MAIL_FROM = 'anwei-record@town.example';
const at = (when: string): number => parseInstant(`${when}:00+08:00`)!;

interface Run {
  g: TaskGateway;
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
  run(r: Run): Promise<void>;
  /** The notice kinds the workflow must have sent, in order. */
  notices: string[];
}

/** A campaign over the town's three enterprises, started Mon 2030-09-02 10:00, due five working days on. */
async function campaignClosedByHand(r: Run): Promise<void> {
  await r.advanceTo('2030-09-02T10:00');
  await startCampaign(r.g, { id: 'CR2030', template: 'special', title: '2030年秋季专项整治', due: { workdays: 5 }, by: 'lead' }, at('2030-09-02T10:00'));
  await r.advanceTo('2030-09-05T15:00');
  await complete(r.g, 'CR2030:e3', { by: 'insp2', evidence: '已检查，未发现问题' });
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
      await complete(r.g, 'village-report:2030-08:v1', { by: 'vs', evidence: '补交8月月报', note: '村委换届耽误' });
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
      await replaceSpec(r.g, 'committee-meeting:2030-09', { spec: moved, reason: '改为下午' });
      await replaceSpec(r.g, 'committee-meeting:2030-09', { spec: moved });
      await r.advanceTo('2030-09-08T10:00');
      await cancel(r.g, 'committee-meeting:2030-09', { reason: '本月会议取消', by: 'office' });
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
      await replaceSpec(r.g, 'village-report:2030-08:v1', { spec: villageReport({ due: '2030-09-09', dueTrace: '顺延' }), reason: '新增放假安排' });
      await r.advanceTo('2030-09-06T11:00');
      await complete(r.g, 'village-report:2030-08:v1', { by: 'vs', evidence: '已报' });
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
];

async function record(recording: Recording): Promise<{ json: string; summary: string }> {
  const scratch = mkdtempSync(join(tmpdir(), 'anwei-record-'));
  const url = pathToFileURL(join(scratch, 'anwei.db')).href;
  let db: Database | undefined;
  let env: TestWorkflowEnvironment | undefined;
  try {
    await migrateDatabase(url);
    db = await openDatabase(url);
    const theDb = db;
    await loadProfile(db, { text: TASK_TOWN, file: 'town.yaml', source: 'record', at: new Date(at('2030-09-01T08:00')) });
    env = await createTimeSkippingEnvironment();
    const theEnv = env;
    const taskQueue = `record-${randomUUID()}`;
    const worker = await createEngineWorker({
      connection: env.nativeConnection,
      taskQueue,
      db,
      mail: createMailTransport({ type: 'capture', from: MAIL_FROM }),
      mailFrom: MAIL_FROM,
    });
    const run: Run = {
      g: { client: env.client, taskQueue, db },
      advanceTo: (when) => advanceSimulatedTime(theEnv, at(when)),
      async reload(profileText) {
        await loadProfile(theDb, { text: profileText, file: 'town.yaml', source: 'record', at: new Date(await theEnv.currentTimeMs()) });
        await notifyTownChanged(theDb, theEnv.client);
      },
    };
    const handle = env.client.workflow.getHandle(recording.workflowId);
    let outcome = '';
    await worker.runUntil(async () => {
      await recording.run(run);
      const result = await handle.result();
      outcome = 'status' in result ? `${result.status}${result.late ? ' (late)' : ''}` : `${result.reason}`;
    });
    const rows = await db.prisma.notice.findMany({ where: { ref: recording.ref ?? recording.workflowId, status: 'sent' }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    const kinds = rows.map((n) => n.kind);
    if (JSON.stringify(kinds) !== JSON.stringify(recording.notices)) {
      const sent = rows.map((n) => `  ${formatInstant(n.at.getTime())} ${n.kind} ${n.key}`).join('\n');
      throw new Error(`${recording.name}: expected notices\n  ${recording.notices.join(', ')}\nbut the task sent\n${sent}`);
    }
    const history = await handle.fetchHistory();
    // Check it replays before writing it: a recording that does not replay is no use to the test.
    await Worker.runReplayHistory({ workflowBundle: { codePath: defaultBundlePath() } }, history, handle.workflowId);
    return { json: historyToJSONText(history), summary: `${history.events?.length ?? 0} events, ${rows.length} notices, ${outcome}` };
  } finally {
    await env?.teardown();
    await db?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((name) => !RECORDINGS.some((r) => r.name === name));
  if (unknown.length) {
    console.error(`unknown recording(s): ${unknown.join(', ')} (known: ${RECORDINGS.map((r) => r.name).join(', ')})`);
    return 2;
  }
  const chosen = argv.length ? RECORDINGS.filter((r) => argv.includes(r.name)) : RECORDINGS;
  quietTemporalLogs('ERROR');
  await buildWorkflowBundle();
  mkdirSync(OUT_DIR, { recursive: true });
  for (const recording of chosen) {
    const started = Date.now();
    const { json, summary } = await record(recording);
    const file = join(OUT_DIR, `${recording.name}.json`);
    writeFileSync(file, json);
    console.log(`${recording.name}: ${summary}, ${((Date.now() - started) / 1000).toFixed(1)} s → ${file.slice(projectPath().length + 1)}`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
