// What a link's page shows and allows: its item (a hazard or a task) as the ledger holds it, and whether an
// action of the link is still possible. An action link ends when its item closes; an action the item's state
// no longer admits (submitted already, no extension waiting, nothing to acknowledge) is spent. The engine's
// rules still decide every submission: these only spare a person a form that cannot succeed.

import { hazardContext } from '../activities/hazards.ts';
import type { LinkAction, LinkGrant } from '../domain/links.ts';
import { PRINCIPAL } from '../domain/notices.ts';
import { WHOLE_TOWN_ROLES } from '../domain/visibility.ts';
import { endOfDay } from '../domain/time.ts';
import type { HazardState } from '../domain/hazard.ts';
import { hazardDetail, type HazardDetail } from '../client/ledger.ts';
import { taskDetail, type TaskDetail } from '../client/task-ledger.ts';
import { actorNames } from '../client/story.ts';
import type { Database } from '../prisma/client.ts';

export type Item =
  | { kind: 'hazard'; detail: HazardDetail; state: HazardState | undefined; who: string; maxExtensions: number }
  | { kind: 'task'; detail: TaskDetail; who: string };

export type Availability = 'possible' | 'closed' | 'spent';

/** The item a grant names, with the name of the link's person; undefined when the ledger has no such item. */
export async function loadItem(db: Database, grant: LinkGrant, now: number): Promise<Item | undefined> {
  if (grant.kind === 'hazard') {
    const detail = await hazardDetail(db, grant.id);
    if (!detail) return undefined;
    const row = await db.prisma.hazard.findUnique({ where: { id: grant.id }, select: { stateJson: true } });
    const state = row?.stateJson ? (JSON.parse(row.stateJson) as HazardState) : undefined;
    const enterprise = await db.prisma.enterprise.findUnique({ where: { id: detail.enterprise.id }, select: { principalName: true } });
    const who = (await actorNames(db, enterprise?.principalName))(grant.who) ?? grant.who;
    const { policy } = await hazardContext(db, { enterpriseId: detail.enterprise.id, at: now });
    return { kind: 'hazard', detail, state, who, maxExtensions: policy.maxExtensions };
  }
  if (grant.kind === 'task') {
    const detail = await taskDetail(db, grant.id);
    if (!detail) return undefined;
    const who = (await actorNames(db))(grant.who) ?? grant.who;
    return { kind: 'task', detail, who };
  }
  return undefined;
}

/** Whether an action of a link can still be done at `now` (epoch ms). */
export function availability(item: Item, action: Exclude<LinkAction, 'view'>, now: number): Availability {
  if (item.kind === 'task') {
    const status = item.detail.status;
    if (status === 'done' || status === 'cancelled') return 'closed';
    return action === 'complete' ? 'possible' : 'spent';
  }
  const state = item.state;
  if (!state || state.status === 'closed') return 'closed';
  switch (action) {
    case 'submit':
      return state.status === 'open' ? 'possible' : 'spent';
    case 'extend':
      // §7: 申请延期 is offered before the due date, while extensions remain.
      return state.status === 'open' && !state.pendingExtension && now < endOfDay(state.due) && state.extensionsUsed < item.maxExtensions ? 'possible' : 'spent';
    case 'decide':
      return state.pendingExtension ? 'possible' : 'spent';
    case 'ack': {
      const last = state.escalations.at(-1);
      if (state.status !== 'open' || !last) return 'spent';
      return state.acknowledged && state.acknowledged.at >= last.at ? 'spent' : 'possible';
    }
    case 'verify':
      return state.status === 'submitted' ? 'possible' : 'spent';
    default:
      return 'spent';
  }
}

/** Whether a link's holder is still someone the town knows: the principal of an enterprise, or an active profile person. */
export async function isListed(db: Database, who: string): Promise<boolean> {
  if (who === PRINCIPAL) return true;
  return (await db.prisma.person.findUnique({ where: { id: who }, select: { active: true } }))?.active === true;
}

/**
 * A link is given for the responsibility its person had when the notice went out; it acts only while they
 * still have it — a reassigned inspector's or assignee's old link no longer does. Who may sign for an
 * escalation (签收督办) and decide an extension (审批延期) the rules check at the Update already.
 */
export async function stillResponsible(db: Database, item: Item, who: string, action: Exclude<LinkAction, 'view'>): Promise<boolean> {
  if (item.kind === 'task') {
    return (await db.prisma.task.findUnique({ where: { id: item.detail.id }, select: { assigneeId: true } }))?.assigneeId === who;
  }
  if (action === 'ack' || action === 'decide') return true;
  const sector = await db.prisma.sector.findUnique({ where: { id: item.detail.sector }, select: { inspectorId: true, leaderId: true } });
  if (action === 'submit' || action === 'extend') return who === PRINCIPAL || who === sector?.inspectorId;
  // 复查: the sector's inspector, or a leader over the hazard (its sector's, its village's, the whole town's).
  if (who === PRINCIPAL) return false;
  if (who === sector?.inspectorId || who === sector?.leaderId) return true;
  const [town, person, enterprise] = await Promise.all([
    db.prisma.town.findUnique({ where: { id: 1 }, select: { safetyLeaderId: true } }),
    db.prisma.person.findUnique({ where: { id: who }, select: { role: true } }),
    db.prisma.enterprise.findUnique({ where: { id: item.detail.enterprise.id }, select: { villageId: true } }),
  ]);
  const village = enterprise?.villageId ? await db.prisma.village.findUnique({ where: { id: enterprise.villageId }, select: { leaderId: true } }) : null;
  return who === town?.safetyLeaderId || who === village?.leaderId || (WHOLE_TOWN_ROLES as readonly string[]).includes(person?.role ?? '');
}
