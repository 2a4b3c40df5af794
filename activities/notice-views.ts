// What a hazard's or a task's notice says, resolved from the ledger and the town when it is sent: who it
// goes to (its audience by role, as the town is now), the view its renderer needs, the email rendered
// (and a meeting's .ics). One entry per kind of obligation; activities/notices.ts sends them all alike.

import type { HazardState } from '../domain/hazard.ts';
import { hazardLinkActions, linkExpiry, linkHolder, taskLinkActions, type LinkGrant } from '../domain/links.ts';
import type { Audience, HazardNoticeRequest, HazardNoticeView, Recipient, RenderedEmail } from '../domain/notices.ts';
import { resolvePolicy } from '../domain/policy.ts';
import { endOfDay } from '../domain/time.ts';
import type { TaskNoticeRequest, TaskNoticeView } from '../domain/task.ts';
import type { Database } from '../prisma/client.ts';
import type { EmailFrame } from './mail/document.ts';
import { renderHazardNotice } from './mail/render-hazard.ts';
import { renderMeetingIcs, renderTaskNotice } from './mail/render-task.ts';
import { loadTown, type AudienceScope } from './town.ts';

/** A notice a hazard or task workflow asks to send, and which of the two it is about. */
export type NoticeRequest = ({ about: 'hazard' } & HazardNoticeRequest) | ({ about: 'task' } & TaskNoticeRequest);

export interface NoticeContent {
  rendered: RenderedEmail;
  ics?: string;
}

/** Everyone is named, the departed included: history refers to them. */
async function personNames(db: Database): Promise<Record<string, string>> {
  const people = await db.prisma.person.findMany({ select: { id: true, name: true } });
  return Object.fromEntries(people.map((p) => [p.id, p.name]));
}

async function hazardView(db: Database, req: HazardNoticeRequest, recipients: Recipient[]): Promise<HazardNoticeView> {
  const { prisma } = db;
  const town = await loadTown(db);
  const hazard = await prisma.hazard.findUnique({ where: { id: req.hazardId } });
  if (!hazard) throw new Error(`hazard ${req.hazardId} is not recorded yet`);
  const enterprise = await prisma.enterprise.findUniqueOrThrow({ where: { id: hazard.enterpriseId } });
  const sector = await prisma.sector.findUniqueOrThrow({ where: { id: hazard.sectorId } });
  const village = enterprise.villageId ? await prisma.village.findUnique({ where: { id: enterprise.villageId } }) : null;
  const names = await personNames(db);
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

async function taskView(db: Database, req: TaskNoticeRequest, recipients: Recipient[]): Promise<TaskNoticeView> {
  const { prisma } = db;
  const town = await loadTown(db);
  const { spec } = req;
  const names = await personNames(db);
  const name = (id: string | undefined) => (id ? (names[id] ?? id) : '');
  let scopeName: string | undefined;
  let leaderId: string | undefined;
  const scope = spec.scope;
  if (scope?.kind === 'sector') {
    const sector = await prisma.sector.findUnique({ where: { id: scope.id } });
    scopeName = sector?.name;
    leaderId = sector?.leaderId;
  } else if (scope?.kind === 'enterprise') {
    const enterprise = await prisma.enterprise.findUnique({ where: { id: scope.id } });
    const sector = enterprise ? await prisma.sector.findUnique({ where: { id: enterprise.sectorId } }) : null;
    scopeName = enterprise?.name;
    leaderId = sector?.leaderId;
  } else if (scope?.kind === 'village') {
    const village = await prisma.village.findUnique({ where: { id: scope.id } });
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
}

/** A hazard's state as its ledger row last recorded it (the workflow records before it sends). */
async function hazardLinkState(db: Database, hazardId: string, at: number) {
  const row = await db.prisma.hazard.findUnique({ where: { id: hazardId }, select: { status: true, stateJson: true } });
  const state = row?.stateJson ? (JSON.parse(row.stateJson) as HazardState) : undefined;
  const status = (state?.status ?? row?.status ?? 'closed') as HazardState['status'];
  if (!state) return { status, canExtend: false, pendingExtension: false };
  const max = resolvePolicy(JSON.parse((await loadTown(db)).policyJson)).hazard.maxExtensions;
  return {
    status,
    canExtend: status === 'open' && at < endOfDay(state.due) && !state.pendingExtension && state.extensionsUsed < max,
    pendingExtension: Boolean(state.pendingExtension),
    ...(state.submission ? { submittedBy: state.submission.by } : {}),
  };
}

/** The subject of a hazard's or a task's notice; `organizer` is the sender a meeting's .ics names. */
export function noticeSubject(db: Database, req: NoticeRequest, organizer: string): NoticeSubject {
  if (req.about === 'hazard') {
    return {
      ref: req.hazardId,
      scope: async () => (await db.prisma.hazard.findUnique({ where: { id: req.hazardId }, select: { enterpriseId: true, sectorId: true } })) ?? {},
      async grants(recipients, roles) {
        const state = await hazardLinkState(db, req.hazardId, req.at);
        return recipients.map((r, i) => {
          const who = linkHolder(r);
          return { who, kind: 'hazard', id: req.hazardId, actions: hazardLinkActions(req.kind, who, roles[i] ?? [], state), expiresAt: linkExpiry(req.at) };
        });
      },
      content: async (recipients, to) => ({ rendered: renderHazardNotice(await hazardView(db, req, recipients), to) }),
    };
  }
  const { spec } = req;
  return {
    ref: req.taskId,
    scope: async () => ({
      assigneeId: spec.assigneeId,
      ...(spec.scope?.kind === 'sector' ? { sectorId: spec.scope.id } : {}),
      ...(spec.scope?.kind === 'enterprise' ? { enterpriseId: spec.scope.id } : {}),
      ...(spec.scope?.kind === 'village' ? { villageId: spec.scope.id } : {}),
      ...(spec.meeting ? { attendeeIds: spec.meeting.attendees } : {}),
    }),
    async grants(recipients, roles) {
      const row = await db.prisma.task.findUnique({ where: { id: req.taskId }, select: { status: true } });
      const open = row?.status === 'open' || row?.status === 'overdue';
      return recipients.map((r, i) => ({
        who: linkHolder(r),
        kind: 'task',
        id: req.taskId,
        actions: taskLinkActions(req.kind, roles[i] ?? [], open),
        expiresAt: linkExpiry(req.at),
      }));
    },
    async content(recipients, to) {
      const view = await taskView(db, req, recipients);
      const ics = renderMeetingIcs(view, organizer);
      return { rendered: renderTaskNotice(view, to), ...(ics ? { ics: ics.content } : {}) };
    },
  };
}
