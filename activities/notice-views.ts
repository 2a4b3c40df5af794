// What a hazard's or a task's notice says, resolved from the ledger and the town when it is sent: who it
// goes to (its audience by role, as the town is now), the view its renderer needs, the email rendered
// (and a meeting's .ics). One entry per kind of obligation; activities/notices.ts sends them all alike.

import type { HazardState } from '../domain/hazard.ts';
import { hazardLinkActions, linkExpiry, linkHolder, taskLinkActions, type LinkGrant } from '../domain/links.ts';
import type { Audience, HazardNoticeRequest, HazardNoticeView, Recipient, RenderedEmail } from '../domain/notices.ts';
import { resolvePolicy } from '../domain/policy.ts';
import { endOfDay } from '../domain/time.ts';
import type { TaskNoticeRequest, TaskNoticeView } from '../domain/task.ts';
import type { EmailFrame } from './mail/document.ts';
import { renderHazardNotice } from './mail/render-hazard.ts';
import { renderMeetingIcs, renderTaskNotice } from './mail/render-task.ts';
import type { LedgerRecord } from './ledger.ts';
import type { AudienceScope, TownReads } from './town.ts';

/** A notice a hazard or task workflow asks to send, and which of the two it is about. */
export type NoticeRequest = ({ about: 'hazard' } & HazardNoticeRequest) | ({ about: 'task' } & TaskNoticeRequest);

export interface NoticeContent {
  rendered: RenderedEmail;
  ics?: string;
}

/** Everyone is named, the departed included: history refers to them. */
async function personNames(reads: TownReads): Promise<Record<string, string>> {
  return Object.fromEntries([...(await reads.people()).values()].map((p) => [p.id, p.name]));
}

type HazardRow = NonNullable<Awaited<ReturnType<TownReads['db']['prisma']['hazard']['findUnique']>>>;

async function hazardView(reads: TownReads, req: HazardNoticeRequest, recipients: Recipient[], hazardRow: () => Promise<HazardRow | null>): Promise<HazardNoticeView> {
  const town = await reads.town();
  const hazard = await hazardRow();
  if (!hazard) throw new Error(`hazard ${req.hazardId} is not recorded yet`);
  const enterprise = await reads.enterprise(hazard.enterpriseId);
  const sector = await reads.sector(hazard.sectorId);
  if (!enterprise || !sector) throw new Error(`hazard ${req.hazardId}: its enterprise or sector is not in the town`);
  const village = enterprise.villageId ? await reads.village(enterprise.villageId) : null;
  const names = await personNames(reads);
  return {
    kind: req.kind,
    key: req.key,
    at: req.at,
    town: town.name,
    hazard: {
      id: hazard.id,
      description: hazard.description,
      level: hazard.level as 'general' | 'major',
      ...(hazard.location ? { location: hazard.location } : {}),
      reportedAt: hazard.reportedAt.getTime(),
      reportedBy: hazard.reportedBy,
      ...(hazard.campaignId ? { campaignId: hazard.campaignId } : {}),
      ...(hazard.planJson ? { plan: JSON.parse(hazard.planJson) as Record<string, string> } : {}),
    },
    enterprise: { id: enterprise.id, name: enterprise.name, principalName: enterprise.principalName, principalEmail: enterprise.principalEmail },
    sector: { id: sector.id, name: sector.name },
    ...(village ? { village: { id: village.id, name: village.name } } : {}),
    responsible: {
      principal: enterprise.principalName,
      inspector: names[sector.inspectorId] ?? sector.inspectorId,
      sectorLeader: names[sector.leaderId] ?? sector.leaderId,
    },
    facts: req.facts,
    recipients,
    names,
    policy: resolvePolicy(JSON.parse(town.policyJson)).hazard,
  };
}

async function taskView(reads: TownReads, req: TaskNoticeRequest, recipients: Recipient[]): Promise<TaskNoticeView> {
  const town = await reads.town();
  const { spec } = req;
  const names = await personNames(reads);
  const name = (id: string | undefined) => (id ? (names[id] ?? id) : '');
  let scopeName: string | undefined;
  let leaderId: string | undefined;
  const scope = spec.scope;
  if (scope?.kind === 'sector') {
    const sector = await reads.sector(scope.id);
    scopeName = sector?.name;
    leaderId = sector?.leaderId;
  } else if (scope?.kind === 'enterprise') {
    const enterprise = await reads.enterprise(scope.id);
    const sector = enterprise ? await reads.sector(enterprise.sectorId) : null;
    scopeName = enterprise?.name;
    leaderId = sector?.leaderId;
  } else if (scope?.kind === 'village') {
    const village = await reads.village(scope.id);
    scopeName = village?.name;
    leaderId = village?.leaderId;
  }
  const level1Id = spec.level1 === 'safety_leader' ? town.safetyLeaderId : leaderId;
  return {
    kind: req.kind,
    key: req.key,
    at: req.at,
    town: town.name,
    spec,
    facts: req.facts,
    recipients,
    ...(scopeName ? { scopeName } : {}),
    responsible: { assignee: name(spec.assigneeId), level1: name(level1Id) || spec.level1 },
    names,
    policy: resolvePolicy(JSON.parse(town.policyJson)).task,
  };
}

/** What a notice is about (its ref), whom its roles are resolved against, what it lets each do, and what it says. */
export interface NoticeSubject {
  ref: string;
  scope(): Promise<AudienceScope>;
  /** Each recipient's link (what they may do from this notice, §7), in the recipients' order; `roles` as the audience found them. */
  grants(recipients: readonly Recipient[], roles: readonly Audience[][]): Promise<LinkGrant[]>;
  /** The email; with `to`, the copy for that one recipient, carrying their buttons. */
  content(recipients: Recipient[], to?: EmailFrame['to']): Promise<NoticeContent>;
  /** Everything about a 重大 hazard goes at once, never in a daily digest. */
  major(): Promise<boolean>;
}

/** A hazard's state as its ledger row last recorded it (the workflow records before it sends). */
async function hazardLinkState(reads: TownReads, row: HazardRow | null, at: number) {
  const state = row?.stateJson ? (JSON.parse(row.stateJson) as HazardState) : undefined;
  const status = (state?.status ?? row?.status ?? 'closed') as HazardState['status'];
  if (!state) return { status, canExtend: false, pendingExtension: false };
  const max = resolvePolicy(JSON.parse((await reads.town()).policyJson)).hazard.maxExtensions;
  return {
    status,
    canExtend: status === 'open' && at < endOfDay(state.due) && !state.pendingExtension && state.extensionsUsed < max,
    pendingExtension: Boolean(state.pendingExtension),
    ...(state.submission ? { submittedBy: state.submission.by } : {}),
  };
}

/**
 * The subject of a hazard's or a task's notice; `organizer` is the sender a meeting's .ics names. Its view
 * is read once, for the shared email and every recipient's own copy alike (`content` is always given the
 * same recipients).
 */
export function noticeSubject(reads: TownReads, req: NoticeRequest, organizer: string, recorded?: LedgerRecord): NoticeSubject {
  const { db } = reads;
  if (req.about === 'hazard') {
    let view: Promise<HazardNoticeView> | undefined;
    // The hazard's ledger row, read once for the notice's audience, digest, links and view.
    let row: Promise<HazardRow | null> | undefined;
    const hazard = () => (row ??= db.prisma.hazard.findUnique({ where: { id: req.hazardId } }));
    return {
      ref: req.hazardId,
      scope: async () => {
        const h = await hazard();
        return h ? { enterpriseId: h.enterpriseId, sectorId: h.sectorId } : {};
      },
      major: async () => (await hazard())?.level === 'major',
      async grants(recipients, roles) {
        const state = await hazardLinkState(reads, await hazard(), req.at);
        return recipients.map((r, i) => {
          const who = linkHolder(r);
          return { who, kind: 'hazard', id: req.hazardId, actions: hazardLinkActions(req.kind, who, roles[i] ?? [], state), expiresAt: linkExpiry(req.at) };
        });
      },
      content: async (recipients, to) => ({ rendered: renderHazardNotice(await (view ??= hazardView(reads, req, recipients, hazard)), to) }),
    };
  }
  const { spec } = req;
  let view: Promise<TaskNoticeView> | undefined;
  return {
    ref: req.taskId,
    major: async () => false,
    scope: async () => ({
      assigneeId: spec.assigneeId,
      ...(spec.scope?.kind === 'sector' ? { sectorId: spec.scope.id } : {}),
      ...(spec.scope?.kind === 'enterprise' ? { enterpriseId: spec.scope.id } : {}),
      ...(spec.scope?.kind === 'village' ? { villageId: spec.scope.id } : {}),
      ...(spec.meeting ? { attendeeIds: spec.meeting.attendees } : {}),
    }),
    async grants(recipients, roles) {
      const status =
        recorded?.about === 'task' && recorded.state.spec.id === req.taskId
          ? recorded.state.status
          : (await db.prisma.task.findUnique({ where: { id: req.taskId }, select: { status: true } }))?.status;
      const open = status === 'open' || status === 'overdue';
      return recipients.map((r, i) => ({
        who: linkHolder(r),
        kind: 'task',
        id: req.taskId,
        actions: taskLinkActions(req.kind, roles[i] ?? [], open),
        expiresAt: linkExpiry(req.at),
      }));
    },
    async content(recipients, to) {
      const seen = await (view ??= taskView(reads, req, recipients));
      const ics = renderMeetingIcs(seen, organizer);
      return { rendered: renderTaskNotice(seen, to), ...(ics ? { ics: ics.content } : {}) };
    },
  };
}
