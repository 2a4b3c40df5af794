// The campaign workflow's activities: snapshot the targets and write the campaign's row, start its task
// workflows in bounded waves (heartbeating, idempotent by task id), count progress from the ledger,
// send each campaign notice as one email per recipient through the outbox (key = workflow id + step +
// recipient), cancel what is left at close, and record the close.

import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { resolveCalendar } from '../domain/calendar-data.ts';
import {
  CAMPAIGN_TEMPLATES,
  campaignTaskId,
  campaignWorkflowId,
  enterprisesInScope,
  groupBy,
  isOpenStatus,
  isOverdueAt,
  LIST_IN_BODY_MAX,
  progressRows,
  totalCounts,
  type CampaignContext,
  type CampaignCounts,
  type CampaignNoticeRequest,
  type CampaignSpec,
  type CampaignTaskLine,
} from '../domain/campaign.ts';
import { campaignLinkActions, linkExpiry, linkHolder, type LinkGrant } from '../domain/links.ts';
import type { Audience, Recipient } from '../domain/notices.ts';
import { resolvePolicy } from '../domain/policy.ts';
import { campaignText as t } from '../domain/text/campaign.ts';
import { cancelTask, taskWorkflowId, type TaskContext, type TaskSpec } from '../domain/task.ts';
import { calendarYearsFor, prepareStart } from '../domain/task-rules.ts';
import type { taskWorkflow } from '../workflows/task.ts';
import { campaignLeaders, linesByInspector } from './campaign-audience.ts';
import { campaignLedger, loadCampaignHazards, loadCampaignLines, personNames } from './campaign-ledger.ts';
import { messageIdFor } from './mail/compose.ts';
import { renderCampaignNotice, type CampaignNoticeView } from './mail/render-campaign.ts';
import { createOutbox, linksColumn, personalCopies, type NoticeDeps } from './notices.ts';
import { loadTaskContextFrom, recordPreparedStarts } from './task-record.ts';
import { calendarOverridesOf, loadTown } from './town.ts';

export interface CampaignActivityDeps extends NoticeDeps {
  temporal?: { client: Client; taskQueue: string };
}

/**
 * Task workflows started at once by one wave. Measured by bench:campaign on 2 cores against the dev
 * server (docs/design.md, 规模), 5,293 tasks: 64 and 128 in flight were within the noise of each other
 * (117 and 124/s with the server's SQLite as it runs now; 187 and 156/s with synchronous=NORMAL), though
 * no-op starts alone were a little faster at 128. One run each, so 64 stays.
 */
const START_CONCURRENCY = 64;
/** Campaign task workflows cancelled at once at a close (Updates, each waiting for the workflow). */
const CANCEL_CONCURRENCY = 16;
/** Tasks started, then recorded in one transaction, before the wave heartbeats its position. */
const START_CHUNK = 100;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  });
  await Promise.all(runners);
}

export interface CampaignNoticeResult {
  /** Emails this step stands for (sent now or before). */
  emails: number;
  /** Person ids told. */
  recipients: string[];
}

export function createCampaignActivities(deps: CampaignActivityDeps) {
  const { db, temporal } = deps;
  const { prisma } = db;
  const outbox = createOutbox(deps);

  async function campaignSpec(campaignId: string): Promise<CampaignSpec> {
    const row = await prisma.campaign.findUnique({ where: { id: campaignId } });
    if (!row) throw ApplicationFailure.nonRetryable(t.notFound(campaignId), 'InvalidInput');
    return {
      id: row.id,
      template: row.template as CampaignSpec['template'],
      title: row.title,
      scope: JSON.parse(row.scopeJson),
      opensOn: row.opensOn,
      due: row.due,
      dueTrace: row.dueTrace,
      dueForm: { date: row.due },
      startedBy: row.startedBy,
      startedAt: row.startedAt.getTime(),
      expected: row.tasksTotal,
      unconfirmedYears: [],
    };
  }

  async function people(ids: Iterable<string>): Promise<Map<string, Recipient>> {
    const rows = await prisma.person.findMany({ where: { id: { in: [...new Set(ids)] }, active: true } });
    return new Map(rows.map((p) => [p.id, { personId: p.id, name: p.name, email: p.email }]));
  }

  async function heads(): Promise<Recipient[]> {
    const rows = await prisma.person.findMany({ where: { role: { in: ['town_head', 'party_secretary'] }, active: true }, orderBy: { id: 'asc' } });
    return rows.map((p) => ({ personId: p.id, name: p.name, email: p.email }));
  }

  type NoticeData = Parameters<typeof prisma.notice.create>[0]['data'];

  /** One email of a step, rendered (with the ledger when asked); none when nobody is to receive it. */
  async function compose(
    req: CampaignNoticeRequest,
    recipientKey: string,
    recipients: Recipient[],
    view: Omit<CampaignNoticeView, 'recipients' | 'attached' | 'kind' | 'at'>,
    ledger?: () => Promise<Buffer>,
  ): Promise<NoticeData | undefined> {
    const sorted = dedupe(recipients);
    if (sorted.length === 0) return undefined;
    const key = `${campaignWorkflowId(req.campaignId)}:${req.step}:${recipientKey}`;
    const file = ledger ? await ledger() : undefined;
    const full = { ...view, kind: req.kind, at: req.at, recipients: sorted, attached: Boolean(file) };
    const rendered = renderCampaignNotice(full);
    // An inspector's own list (登记完成 per enterprise, 上报隐患); everyone else's 查看详情.
    const roles: Audience[] = recipientKey === 'heads' || recipientKey === 'leader' ? [] : ['sector_inspector'];
    const grants: LinkGrant[] = sorted.map((r) => ({
      who: linkHolder(r),
      kind: 'campaign',
      id: req.campaignId,
      actions: campaignLinkActions(req.kind, roles, req.kind !== 'campaign.closed'),
      expiresAt: linkExpiry(req.at),
    }));
    const copies = await personalCopies(deps.links, sorted, grants, (to, buttons, expiresAt) => renderCampaignNotice(full, { recipient: to, buttons, expiresAt }));
    return {
      // Scheduled steps wait for the daily digest (contract §8); the start, a level-2 escalation and the close go at once.
      digest: DIGEST_STEPS.has(req.kind) || (req.kind === 'campaign.escalation' && req.level === 1),
      ...(rendered.item ? { itemJson: JSON.stringify(rendered.item) } : {}),
      linksJson: linksColumn(sorted, grants),
      ...(copies ? { deliveriesJson: JSON.stringify(copies) } : {}),
      key,
      kind: req.kind,
      ref: req.campaignId,
      at: new Date(req.at),
      recipientsJson: JSON.stringify(sorted),
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      ...(file ? { attachmentsJson: JSON.stringify([{ filename: t.ledgerFile(req.campaignId), contentType: XLSX, base64: file.toString('base64') }]) } : {}),
      messageId: messageIdFor(key, deps.mailFrom),
      status: 'pending',
    };
  }

  /** The emails of one campaign notice, as the ledger stands now. */
  async function composeStep(req: CampaignNoticeRequest): Promise<NoticeData[]> {
    const spec = await campaignSpec(req.campaignId);
    const town = await loadTown(db);
    const lines = await loadCampaignLines(db, req.campaignId);
    const hazards = await loadCampaignHazards(db, req.campaignId);
    const names = await personNames(db);
    const counts = totalCounts(lines, hazards, req.at);
    const bySector = progressRows(lines, hazards, (l) => ({ key: l.sectorId, name: l.sectorName }), req.at);
    const byInspector = progressRows(lines, hazards, (l) => ({ key: l.inspectorId, name: names[l.inspectorId] ?? l.inspectorId }), req.at);
    const base = { town: town.name, spec, counts, names, ...(req.week ? { week: req.week } : {}), ...(req.level ? { level: req.level } : {}) };
    const ledgerOf = (only?: CampaignTaskLine[]) => () => campaignLedger(db, req.campaignId, req.at, only);
    const emails: NoticeData[] = [];
    const send = async (recipientKey: string, recipients: Recipient[], view: Omit<CampaignNoticeView, 'recipients' | 'attached' | 'kind' | 'at'>, ledger?: () => Promise<Buffer>) => {
      const email = await compose(req, recipientKey, recipients, view, ledger);
      if (email) emails.push(email);
    };
    const safetyLeader = town.safetyLeaderId;

    switch (req.kind) {
      case 'campaign.started':
        await send('heads', await campaignLeaders(db), { ...base, lines: [], bySector });
        break;
      case 'campaign.assigned':
      case 'campaign.reminder':
      case 'campaign.overdue': {
        const wanted =
          req.kind === 'campaign.assigned' ? lines.filter((l) => isOpenStatus(l.status)) : req.kind === 'campaign.reminder' ? lines.filter((l) => isOpenStatus(l.status)) : lines.filter((l) => isOverdueAt(l, req.at));
        for (const g of await linesByInspector(db, wanted)) {
          if (!g.inspector) {
            log.warn('campaign inspector is not an active person', { campaign: spec.id, inspector: g.key });
            continue;
          }
          await send(g.key, [g.inspector], { ...base, lines: g.lines }, g.lines.length > LIST_IN_BODY_MAX ? ledgerOf(g.lines) : undefined);
        }
        break;
      }
      case 'campaign.escalation': {
        const overdue = lines.filter((l) => isOverdueAt(l, req.at));
        if (overdue.length === 0) break;
        if (req.level === 2) {
          await send('heads', await heads(), { ...base, lines: overdue, byInspector: byInspector.filter((r) => r.overdue > 0) }, overdue.length > LIST_IN_BODY_MAX ? ledgerOf(overdue) : undefined);
          break;
        }
        // Level 1: one email per sector leader, whatever the number of their sectors.
        const groups = groupBy(overdue, (l) => l.leaderId);
        const found = await people(groups.map((g) => g.key));
        for (const g of groups) {
          const p = found.get(g.key);
          if (!p) continue;
          const inspectors = new Set(g.lines.map((l) => l.inspectorId));
          await send(g.key, [p], { ...base, lines: g.lines, byInspector: byInspector.filter((r) => inspectors.has(r.key) && r.overdue > 0) }, g.lines.length > LIST_IN_BODY_MAX ? ledgerOf(g.lines) : undefined);
        }
        break;
      }
      case 'campaign.progress': {
        const leader = (await people([safetyLeader])).get(safetyLeader);
        if (leader) await send('leader', [leader], { ...base, lines: [], bySector, byInspector });
        break;
      }
      case 'campaign.closed':
        await send('heads', await campaignLeaders(db), { ...base, lines: [], bySector, byInspector, ...(req.closing ? { closing: req.closing } : {}) }, ledgerOf());
        break;
    }
    return emails;
  }

  return {
    async loadCampaignContext(input: { fromYear: number; toYear: number }): Promise<CampaignContext> {
      const town = await loadTown(db);
      return {
        calendar: resolveCalendar({ fromYear: input.fromYear, toYear: input.toYear, overrides: calendarOverridesOf(town) }),
        policy: resolvePolicy(JSON.parse(town.policyJson)).task,
      };
    },

    /**
     * Writes the campaign's row with its targets, snapshotted from the town as it is now (idempotent:
     * a retry, or a continued run, finds the row and its snapshot).
     */
    async prepareCampaign(spec: CampaignSpec): Promise<{ total: number }> {
      const existing = await prisma.campaign.findUnique({ where: { id: spec.id }, select: { targetsJson: true } });
      if (existing) return { total: (JSON.parse(existing.targetsJson) as string[]).length };
      const enterprises = await prisma.enterprise.findMany({ where: { active: true }, select: { id: true, sectorId: true, class: true, villageId: true } });
      const targets = enterprisesInScope(spec.scope, enterprises).map((e) => e.id);
      if (targets.length === 0) throw ApplicationFailure.nonRetryable(t.emptyScope, 'InvalidInput');
      try {
        await prisma.campaign.create({
          data: {
            id: spec.id,
            template: spec.template,
            title: spec.title,
            scopeJson: JSON.stringify(spec.scope),
            targetsJson: JSON.stringify(targets),
            opensOn: spec.opensOn,
            due: spec.due,
            dueTrace: spec.dueTrace,
            status: 'open',
            startedBy: spec.startedBy,
            startedAt: new Date(spec.startedAt),
            tasksTotal: targets.length,
          },
        });
      } catch (error) {
        // A raced attempt wrote it: use its snapshot.
        const raced = await prisma.campaign.findUnique({ where: { id: spec.id }, select: { targetsJson: true } });
        if (!raced) throw error;
        return { total: (JSON.parse(raced.targetsJson) as string[]).length };
      }
      return { total: targets.length };
    },

    /**
     * Starts the task workflows of targets [from, from + count) at the campaign's time `at`, a chunk at
     * a time: each task's start is taken here (rules.prepareStart — its notices are the campaign's, so it takes every step due), its
     * workflow started with that state (one workflow task, nothing to load or record), then the chunk's
     * rows and events written in one transaction, so a recorded task is a running one. Idempotent by task
     * id (a campaign task id is used once: REJECT_DUPLICATE); heartbeats the position, so a retried wave
     * skips the chunks it had done.
     */
    async startCampaignTasks(input: { campaignId: string; from: number; count: number; at?: number }): Promise<{ started: number; existing: number; count: number }> {
      if (!temporal) throw ApplicationFailure.nonRetryable('startCampaignTasks: this worker has no Temporal client to start workflows with', 'Misconfigured');
      const spec = await campaignSpec(input.campaignId);
      // The workflow's clock (simulated time in `anwei simulate`); a campaign from before it passed one: now.
      const at = input.at ?? Date.now();
      const row = await prisma.campaign.findUniqueOrThrow({ where: { id: input.campaignId }, select: { targetsJson: true } });
      const targets = (JSON.parse(row.targetsJson) as string[]).slice(input.from, input.from + input.count);
      const resumeAt = Number(Context.current().info.heartbeatDetails ?? 0) || 0;
      const enterprises = new Map(
        (await prisma.enterprise.findMany({ where: { id: { in: targets } }, select: { id: true, name: true, sectorId: true } })).map((e) => [e.id, e]),
      );
      const sectors = new Map((await prisma.sector.findMany({ select: { id: true, inspectorId: true } })).map((s) => [s.id, s.inspectorId]));
      const template = CAMPAIGN_TEMPLATES[spec.template];
      const specOf = (e: { id: string; name: string }, inspector: string): TaskSpec => ({
        id: campaignTaskId(spec.id, e.id),
        dutyId: spec.id,
        dutyName: template.name,
        title: t.taskTitle(spec.title, e.name),
        period: spec.id,
        scope: { kind: 'enterprise', id: e.id },
        assigneeId: inspector,
        level1: 'sector_leader',
        opensOn: spec.opensOn,
        opensTrace: `专项行动 ${spec.id} 启动日`,
        due: spec.due,
        dueTrace: spec.dueTrace,
        proof: t.proof(template.checklist),
        unconfirmedYears: [],
        campaign: spec.id,
      });
      const result = { started: 0, existing: 0, count: targets.length };
      const activity = Context.current();
      let finished = resumeAt;
      const heartbeat = setInterval(() => activity.heartbeat(finished), 5_000);
      let ctx: TaskContext | undefined;
      type Prepared = { task: TaskSpec } & ReturnType<typeof prepareStart>;
      const chunks: Array<{ end: number; starts: Prepared[] }> = [];
      for (let from = resumeAt; from < targets.length; from += START_CHUNK) {
        const starts: Prepared[] = [];
        for (const enterpriseId of targets.slice(from, from + START_CHUNK)) {
          const e = enterprises.get(enterpriseId);
          const inspector = e ? sectors.get(e.sectorId) : undefined;
          if (!e || !inspector) {
            log.warn('campaign target has no enterprise or inspector any more', { campaign: spec.id, enterpriseId });
            continue;
          }
          const task = specOf(e, inspector);
          ctx ??= await loadTaskContextFrom(db, calendarYearsFor(task, at));
          starts.push({ task, ...prepareStart(task, ctx, at) });
        }
        chunks.push({ end: Math.min(from + START_CHUNK, targets.length), starts });
      }
      // The starts flow through one pool across the chunks (no drain at a chunk's end); each chunk is
      // recorded, in order, once all its starts have returned, while the next ones are being started.
      const left = chunks.map((c) => c.starts.length);
      const started = chunks.map(() => deferred());
      for (const [i, n] of left.entries()) if (n === 0) started[i]!.resolve();
      const queue = chunks.flatMap((c, i) => c.starts.map((s) => ({ chunk: i, ...s })));
      let stopped = false;
      const starting = pool(queue, START_CONCURRENCY, async ({ chunk, task, start }) => {
        if (stopped) return;
        try {
          await temporal.client.workflow.start<typeof taskWorkflow>('taskWorkflow', {
            workflowId: taskWorkflowId(task.id),
            taskQueue: temporal.taskQueue,
            args: [{ spec: task, start }],
            workflowIdConflictPolicy: 'FAIL',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
          result.started++;
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          result.existing++;
        }
        if (--left[chunk]! === 0) started[chunk]!.resolve();
      });
      // A start that failed ends the wave (Temporal retries it from the last chunk recorded).
      const failed = starting.then(() => new Promise<never>(() => {}));
      void failed.catch(() => {}); // handled by the race below, or by the catch in `finally` once the loop has thrown
      try {
        for (const [i, chunk] of chunks.entries()) {
          await Promise.race([started[i]!.promise, failed]);
          await recordPreparedStarts(db, chunk.starts);
          finished = chunk.end;
          activity.heartbeat(finished);
        }
        await starting;
      } finally {
        stopped = true;
        clearInterval(heartbeat);
        await starting.catch(() => {}); // its error, if any, is the one the race threw
      }
      return result;
    },

    /** Counts from the ledger (tasks by status, hazards found and rectified), written to the campaign's row. */
    async campaignCounts(input: { campaignId: string; at: number }): Promise<CampaignCounts> {
      const lines = await loadCampaignLines(db, input.campaignId);
      const hazards = await prisma.hazard.findMany({ where: { campaignId: input.campaignId }, select: { status: true } });
      const counts = totalCounts(lines, hazards, input.at);
      await prisma.campaign.update({
        where: { id: input.campaignId },
        data: { tasksDone: counts.done, tasksOverdue: counts.overdue, tasksCancelled: counts.cancelled, hazards: counts.hazards },
      });
      return counts;
    },

    /**
     * Sends one campaign notice: one email per recipient (contract §6), each keyed by recipient. A step's
     * emails are written all at once, as the ledger stands at its first attempt, and then delivered; a
     * retry delivers what was written (a mail server down for a week must not let a later close change
     * what a notice decided before it says, nor leave an email written and never sent).
     */
    async sendCampaignNotices(req: CampaignNoticeRequest): Promise<CampaignNoticeResult> {
      const prefix = `${campaignWorkflowId(req.campaignId)}:${req.step}:`;
      let rows = await prisma.notice.findMany({ where: { key: { startsWith: prefix } }, orderBy: { id: 'asc' } });
      if (rows.length === 0) {
        const emails = await composeStep(req);
        rows = await prisma.$transaction(async (tx) => Promise.all(emails.map((data) => tx.notice.create({ data }))));
      }
      for (const row of rows) await outbox.deliver(row);
      const told = rows.flatMap((r) => (JSON.parse(r.recipientsJson) as Recipient[]).flatMap((p) => (p.personId ? [p.personId] : [])));
      return { emails: rows.length, recipients: [...new Set(told)].sort() };
    },

    /** Cancels every campaign task still open (the campaign was closed): Updates to their workflows, in parallel. */
    async cancelCampaignTasks(input: { campaignId: string; reason: string; by?: string }): Promise<{ cancelled: number }> {
      if (!temporal) throw ApplicationFailure.nonRetryable('cancelCampaignTasks: this worker has no Temporal client', 'Misconfigured');
      const open = await prisma.task.findMany({ where: { dutyId: input.campaignId, status: { in: ['open', 'overdue'] } }, select: { id: true } });
      let cancelled = 0;
      let seen = 0;
      const activity = Context.current();
      const heartbeat = setInterval(() => activity.heartbeat(seen), 5_000);
      try {
        await pool(open, CANCEL_CONCURRENCY, async ({ id }) => {
          await temporal.client.workflow
            .getHandle(taskWorkflowId(id))
            .executeUpdate(cancelTask, { args: [{ reason: input.reason, ...(input.by ? { by: input.by } : {}) }] })
            .then(() => cancelled++)
            .catch(() => {}); // completed meanwhile, or already cancelled: nothing to cancel
          seen++;
        });
      } finally {
        clearInterval(heartbeat);
      }
      return { cancelled };
    },

    async recordCampaignClosed(input: { campaignId: string; at: number; by?: string; reason: 'completed' | 'closed'; counts: CampaignCounts }): Promise<void> {
      await prisma.campaign.update({
        where: { id: input.campaignId },
        data: {
          status: 'closed',
          closedAt: new Date(input.at),
          closedBy: input.by ?? null,
          closeReason: input.reason,
          tasksDone: input.counts.done,
          tasksOverdue: input.counts.overdue,
          tasksCancelled: input.counts.cancelled,
          hazards: input.counts.hazards,
        },
      });
    },
  };
}

/** The campaign notices of scheduled steps, which may wait for a daily digest. */
const DIGEST_STEPS: ReadonlySet<string> = new Set(['campaign.reminder', 'campaign.overdue', 'campaign.progress']);

function dedupe(recipients: Recipient[]): Recipient[] {
  const byEmail = new Map<string, Recipient>();
  for (const r of recipients) if (!byEmail.has(r.email.toLowerCase())) byEmail.set(r.email.toLowerCase(), r);
  return [...byEmail.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

