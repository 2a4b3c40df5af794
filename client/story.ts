// One obligation's story as the ledger keeps it — what was done, by whom, with what words, and the notices
// sent — for a hazard and a duty task alike (client/ledger.ts, task-ledger.ts). People are named as people
// know them: 钱伟（安监员）, the enterprise's 周经理（企业主要负责人）; never an id or an internal word.

import { PRINCIPAL } from '../domain/notices.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { profileText } from '../domain/text/profile.ts';
import { formatInstant } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';

export interface StoryEvent {
  at: string;
  type: string;
  /** The person's id as recorded (`principal`: the enterprise's principal). */
  by: string | null;
  /** Who, as people know them: 钱伟（安监员）. */
  who: string | null;
  evidence: string | null;
  /** What the person wrote with it: an opinion (a verification's, a decision's, an acknowledgement's note) or a reason. */
  note: { kind: 'opinion' | 'reason'; text: string } | null;
  detail: Record<string, unknown>;
}

/** An evidence file (佐证材料) given with an accepted action, as `show` lists it and the item's page shows it. */
export interface StoryFile {
  name: string;
  size: number;
  sha256: string;
  type: string;
  /** The action it came with: submit | complete. */
  action: string;
  uploadedBy: string;
  uploadedByName: string;
  uploadedAt: string;
  /** A photo's own capture time (EXIF, the camera's clock, no zone) and place. */
  takenAt: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface StoryNotice {
  at: string;
  kind: string;
  to: string[];
  subject: string;
  status: string;
  error?: string;
}

interface EventRow {
  at: Date;
  type: string;
  by: string | null;
  evidence: string | null;
  detailJson: string;
}

interface NoticeRow {
  at: Date;
  kind: string;
  recipientsJson: string;
  subject: string;
  status: string;
  lastError: string | null;
}

/** An instant of the ledger as it is printed (Asia/Shanghai, ISO), or null. */
export const when = (at: Date | null): string | null => (at ? formatInstant(at.getTime()) : null);

/** How everybody a story mentions is called: the profile's people (the departed too) by name and role, and the enterprise's principal. */
export async function actorNames(db: Database, principal?: string): Promise<(by: string | null) => string | null> {
  const people = await db.prisma.person.findMany({ select: { id: true, name: true, role: true } });
  const byId = new Map(people.map((p) => [p.id, ledgerText.actor(p.name, profileText.roleName[p.role as keyof typeof profileText.roleName] ?? p.role)]));
  return (by) => {
    if (by === null) return null;
    if (by === PRINCIPAL) return ledgerText.actor(principal ?? ledgerText.principal, ledgerText.principal);
    return byId.get(by) ?? by;
  };
}

/** The words a person gave with an event, wherever the event kept them. */
function noteOf(detail: Record<string, unknown>): StoryEvent['note'] {
  const verification = detail.verification as { note?: unknown } | undefined;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
  const opinion = text(verification?.note) ?? text(detail.note);
  if (opinion) return { kind: 'opinion', text: opinion };
  const reason = text(detail.reason);
  return reason ? { kind: 'reason', text: reason } : null;
}

export function storyOf(events: readonly EventRow[], notices: readonly NoticeRow[], who: (by: string | null) => string | null): { events: StoryEvent[]; notices: StoryNotice[] } {
  return {
    events: events.map((e) => {
      const detail = JSON.parse(e.detailJson) as Record<string, unknown>;
      return { at: when(e.at)!, type: e.type, by: e.by, who: who(e.by), evidence: e.evidence, note: noteOf(detail), detail };
    }),
    notices: notices.map((n) => ({
      at: when(n.at)!,
      kind: n.kind,
      to: (JSON.parse(n.recipientsJson) as Array<{ email: string }>).map((r) => r.email),
      subject: n.subject,
      status: n.status,
      ...(n.lastError ? { error: n.lastError } : {}),
    })),
  };
}

/** The story's lines as the CLI prints them, with the kind's own names for its events and notices. */
/** The evidence files of a hazard or a task, oldest first. */
export async function storyFiles(db: Database, kind: 'hazard' | 'task', id: string, who: (by: string | null) => string | null): Promise<StoryFile[]> {
  const rows = await db.prisma.evidence.findMany({ where: { itemKind: kind, itemId: id }, orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => ({
    name: r.fileName,
    size: r.size,
    sha256: r.sha256,
    type: r.mimeType,
    action: r.action,
    uploadedBy: r.uploadedBy,
    uploadedByName: who(r.uploadedBy) ?? r.uploadedBy,
    uploadedAt: when(r.uploadedAt)!,
    takenAt: r.takenAt,
    latitude: r.latitude,
    longitude: r.longitude,
  }));
}

export function storyLines(
  story: { events: readonly StoryEvent[]; notices: readonly StoryNotice[]; files: readonly StoryFile[] },
  names: { event: Record<string, string>; notice: Record<string, string> },
): string[] {
  const lines = ['', ledgerText.story];
  for (const e of story.events) lines.push(ledgerText.event(e.at, names.event[e.type] ?? e.type, e.who, e.evidence, e.note));
  lines.push('', ledgerText.files);
  if (story.files.length === 0) lines.push(ledgerText.none);
  for (const f of story.files) lines.push(ledgerText.file(f));
  lines.push('', ledgerText.notices);
  if (story.notices.length === 0) lines.push(ledgerText.none);
  for (const n of story.notices) lines.push(ledgerText.notice(n.at, names.notice[n.kind] ?? n.kind, n.to, n.status, n.error));
  return lines;
}
