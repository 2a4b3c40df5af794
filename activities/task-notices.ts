// Sending a duty task notice exactly once, through the same outbox as hazard notices (key = task id +
// step): the audience resolved against the town as it is now, the email rendered, a meeting invitation's
// .ics stored with the row, then delivered once.

import { log } from '@temporalio/activity';
import { resolvePolicy } from '../domain/policy.ts';
import type { TaskNoticeRequest, TaskNoticeView } from '../domain/task.ts';
import type { Recipient } from '../domain/notices.ts';
import type { Database } from '../prisma/client.ts';
import { messageIdFor } from './mail/compose.ts';
import { renderMeetingIcs, renderTaskNotice } from './mail/render-task.ts';
import { createOutbox, type NoticeDeps, type SendNoticeResult } from './notices.ts';
import { loadTown, resolveAudience, type AudienceScope } from './town.ts';

function audienceScope(req: TaskNoticeRequest): AudienceScope {
  const { spec } = req;
  const scope = spec.scope;
  return {
    assigneeId: spec.assigneeId,
    ...(scope?.kind === 'sector' ? { sectorId: scope.id } : {}),
    ...(scope?.kind === 'enterprise' ? { enterpriseId: scope.id } : {}),
    ...(scope?.kind === 'village' ? { villageId: scope.id } : {}),
    ...(spec.meeting ? { attendeeIds: spec.meeting.attendees } : {}),
  };
}

async function taskView(db: Database, req: TaskNoticeRequest, recipients: Recipient[]): Promise<TaskNoticeView> {
  const { prisma } = db;
  const town = await loadTown(db);
  const { spec } = req;
  // Everyone is named, the departed included: history refers to them.
  const people = await prisma.person.findMany({ select: { id: true, name: true } });
  const names = Object.fromEntries(people.map((p) => [p.id, p.name]));
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

export function createTaskNoticeActivities(deps: NoticeDeps) {
  const { db } = deps;
  const outbox = createOutbox(deps);

  async function outboxRow(req: TaskNoticeRequest) {
    const existing = await outbox.find(req.key);
    if (existing) return existing;
    const { recipients, missing } = await resolveAudience(db, req.audience, audienceScope(req));
    if (missing.length) log.warn('notice audience resolved to nobody', { key: req.key, missing });
    const view = await taskView(db, req, recipients);
    const rendered = renderTaskNotice(view);
    const ics = renderMeetingIcs(view, deps.mailFrom);
    return outbox.insert({
      key: req.key,
      kind: req.kind,
      ref: req.taskId,
      at: new Date(req.at),
      recipientsJson: JSON.stringify(recipients),
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      ...(ics ? { ics: ics.content } : {}),
      messageId: messageIdFor(req.key, deps.mailFrom),
      status: recipients.length ? 'pending' : 'sent',
      ...(recipients.length ? {} : { lastError: `nobody to tell: ${missing.join(', ')}` }),
    });
  }

  return {
    async sendTaskNotice(req: TaskNoticeRequest): Promise<SendNoticeResult> {
      return outbox.deliver(await outboxRow(req));
    },
  };
}
