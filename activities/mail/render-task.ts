// Renders a duty task notice (contract §4) as an email — subject, plain text, HTML — from a
// TaskNoticeView, in the document form of every notice (document.ts), and the
// .ics a meeting invitation carries.

import type { RenderedEmail } from '../../domain/notices.ts';
import type { TaskNoticeView } from '../../domain/task.ts';
import { longDate, mailText } from '../../domain/text/mail.ts';
import { periodName, taskMailText as t, taskText } from '../../domain/text/task.ts';
import { daysBetween, localDateOf, weekdayName } from '../../domain/time.ts';
import { meetingIcs } from './ics.ts';
import { NoticeFacts, type EmailFrame, sections, writeEmail, type Action, type Body, type Row, type Section } from './document.ts';

/** The stable UID of a meeting's invitation: derived from its task id, the same for every update and the cancellation. */
export const meetingUid = (taskId: string): string => `${taskId}@anwei`;

class Facts extends NoticeFacts<TaskNoticeView['facts']> {
  readonly spec: TaskNoticeView['spec'];

  constructor(readonly view: TaskNoticeView) {
    super(view.facts, view.at, view.names);
    this.spec = view.spec;
  }

  subject(tag: string, suffix: string): string {
    return t.subject(tag, this.spec.title, suffix).replace(/[\r\n]+/g, ' ');
  }

  taskSection(): Section {
    const { spec, view } = this;
    const rows: Row[] = [
      { label: t.label.taskId, value: spec.id },
      { label: t.label.title, value: spec.title },
      { label: t.label.duty, value: spec.dutyName },
      { label: t.label.period, value: periodName(spec.period) },
    ];
    if (spec.scope) rows.push({ label: t.label.scope(taskText.scopeKindName[spec.scope.kind]), value: view.scopeName ?? spec.scope.id });
    rows.push({ label: t.label.assignee, value: view.responsible.assignee });
    rows.push({ label: t.label.opensOn, value: this.date(spec.opensOn) });
    if (spec.opensTrace) rows.push({ label: t.label.opensTrace, value: spec.opensTrace });
    return { title: t.section.task, rows };
  }

  deadlineSection(options: { overdue?: boolean } = {}): Section {
    const rows: Row[] = [];
    if (this.f.previousDue) rows.push({ label: t.label.previousDue, value: this.date(this.f.previousDue) });
    rows.push({ label: t.label.due, value: this.date(this.f.due) }, { label: t.label.trace, value: this.f.dueTrace });
    if (options.overdue) rows.push({ label: t.label.overdue, value: this.overdue() });
    if (this.spec.unconfirmedYears.length) rows.push({ label: t.label.unconfirmed, value: t.unconfirmed(this.spec.unconfirmedYears) });
    return { title: t.section.deadline, rows };
  }

  proofSection(): Section {
    return { title: t.section.proof, rows: [{ label: t.label.proof, value: this.spec.proof }] };
  }

  responsibleSection(): Section {
    const r = this.view.responsible;
    return {
      title: t.section.responsible,
      rows: [
        { label: t.label.assignee, value: r.assignee },
        { label: t.label.level1, value: r.level1 },
        { label: t.label.level2, value: t.heads },
      ],
    };
  }

  /** What the assignee does: the task, then 登记完成 (their link). */
  completeAction(text: string): Action {
    return { who: t.who.assignee(this.view.responsible.assignee), text };
  }

  meetingWhen(): string {
    const m = this.spec.meeting!;
    return t.meetingWhen(m.date, weekdayName(m.date), m.time, m.durationMinutes);
  }

  /** `2030年9月10日（周二）09:30`: when the meeting starts, for a sentence. */
  meetingStart(): string {
    const m = this.spec.meeting!;
    return `${mailText.dateWithWeekday(m.date, weekdayName(m.date))}${m.time}`;
  }

  meetingSection(): Section | undefined {
    const m = this.spec.meeting;
    if (!m) return undefined;
    const rows: Row[] = [{ label: t.label.meetingTime, value: this.meetingWhen() }];
    if (m.location) rows.push({ label: t.label.location, value: m.location });
    rows.push({ label: t.label.attendees, value: m.attendees.map((id) => this.person(id)).join('、') });
    if (this.f.invite) rows.push({ label: t.label.sequence, value: t.sequence(this.f.invite.sequence) });
    return { title: t.section.meeting, rows };
  }
}

function assigned(x: Facts): Body {
  const due = x.date(x.f.due);
  const reassigned = x.f.previousAssigneeId !== undefined;
  const rescheduled = x.f.previousDue !== undefined;
  const lead = reassigned
    ? t.lead.reassigned(x.spec.title, due)
    : rescheduled
      ? t.lead.rescheduled(x.spec.title, x.date(x.f.previousDue!), due)
      : t.lead.assigned(x.spec.title, x.date(x.spec.opensOn), due);
  return {
    tone: 'info',
    subject: x.subject(reassigned || rescheduled ? t.tag.reassigned : t.tag.assigned, rescheduled ? t.suffix.changedDue(x.f.due) : t.suffix.dueBy(x.f.due)),
    lead,
    sections: sections(x.taskSection(), x.deadlineSection(), x.proofSection(), x.meetingSection(), x.responsibleSection()),
    actions: [x.completeAction(t.action.doIt(x.spec.proof, due)), { text: t.action.recordForOthers }],
    notes: [t.action.nextLevel(x.view.responsible.level1)],
  };
}

function reminder(x: Facts): Body {
  const due = x.date(x.f.due);
  return {
    tone: 'warn',
    subject: x.subject(t.tag.reminder, t.suffix.dueOn(x.f.due)),
    lead: t.lead.reminder(x.spec.title, due, daysBetween(localDateOf(x.view.at), x.f.due)),
    sections: sections(x.taskSection(), x.deadlineSection(), x.proofSection(), x.responsibleSection()),
    actions: [x.completeAction(t.action.doIt(x.spec.proof, due)), { text: t.action.recordForOthers }],
    notes: [t.action.nextLevel(x.view.responsible.level1)],
  };
}

function overdue(x: Facts): Body {
  const r = x.view.responsible;
  return {
    tone: 'alert',
    subject: x.subject(t.tag.overdue, t.suffix.overdue(x.overdueDays())),
    lead: t.lead.overdue(x.spec.title, x.date(x.f.due), x.overdue(), r.level1),
    sections: sections(x.taskSection(), x.deadlineSection({ overdue: true }), x.proofSection(), x.responsibleSection()),
    actions: [x.completeAction(t.action.doItNow(x.spec.proof)), { text: t.action.recordForOthers }],
    notes: [t.action.level2Next(x.view.policy?.escalationWorkdays)],
  };
}

function escalation(x: Facts): Body {
  const r = x.view.responsible;
  const level = x.f.escalationLevel ?? 1;
  const days = t.suffix.overdue(x.overdueDays());
  return {
    tone: 'alert',
    subject: x.subject(level === 1 ? t.tag.escalation1 : t.tag.escalation2, days),
    lead: level === 1 ? t.lead.escalation1(x.spec.title, r.assignee, days) : t.lead.escalation2(x.spec.title, r.assignee, days, r.level1),
    sections: sections(
      x.taskSection(),
      x.deadlineSection({ overdue: true }),
      x.proofSection(),
      { title: t.section.escalation, rows: [{ label: t.label.escalationLevel, value: t.escalationLevel[level] }] },
      x.responsibleSection(),
    ),
    actions: [
      { text: level === 1 ? t.action.superviseLeader : t.action.superviseHeads },
      x.completeAction(t.action.doItNow(x.spec.proof)),
    ],
    notes: [level === 1 ? t.action.level2Next(x.view.policy?.escalationWorkdays) : t.action.topLevel],
  };
}

function invite(x: Facts): Body {
  const invitation = x.f.invite ?? { method: 'REQUEST' as const, sequence: 0 };
  const m = x.spec.meeting!;
  const when = x.meetingStart();
  const suffix = t.suffix.meeting(m.date, m.time);
  if (invitation.method === 'CANCEL') {
    return {
      tone: 'warn',
      subject: x.subject(t.tag.inviteCancelled, suffix),
      lead: t.lead.inviteCancelled(x.spec.title, when, invitation.reason),
      sections: sections(x.meetingSection(), { title: t.section.task, rows: [{ label: t.label.taskId, value: x.spec.id }] }),
      actions: [{ text: t.action.cancelledNothing }],
      notes: [],
    };
  }
  const changed = invitation.sequence > 0;
  return {
    tone: changed ? 'warn' : 'info',
    subject: x.subject(changed ? t.tag.inviteChanged : t.tag.invite, suffix),
    lead: changed ? t.lead.inviteChanged(x.spec.title, when, m.location) : t.lead.invite(x.spec.title, when, m.location),
    sections: sections(x.meetingSection(), x.taskSection()),
    actions: [
      { text: t.action.attend(`${longDate(m.date)} ${m.time}`) },
      { text: t.action.meetingAssignee(x.view.responsible.assignee, x.spec.proof, x.date(x.f.due)) },
    ],
    notes: [],
  };
}

const BUILDERS: Record<TaskNoticeView['kind'], (x: Facts) => Body> = {
  'duty.assigned': assigned,
  'duty.reminder': reminder,
  'duty.overdue': overdue,
  'duty.escalation': escalation,
  'meeting.invite': invite,
};

export function renderTaskNotice(view: TaskNoticeView, to?: EmailFrame['to']): RenderedEmail {
  return writeEmail(BUILDERS[view.kind](new Facts(view)), { ...view, footer: (office) => t.footer(office, view.spec.id), ...(to ? { to } : {}) });
}

/** The .ics of a meeting.invite notice: REQUEST (SEQUENCE 0, then +1 per change) or CANCEL. */
export function renderMeetingIcs(view: TaskNoticeView, organizerEmail: string): { method: 'REQUEST' | 'CANCEL'; content: string } | undefined {
  const m = view.spec.meeting;
  if (view.kind !== 'meeting.invite' || !m) return undefined;
  const invitation = view.facts.invite ?? { method: 'REQUEST' as const, sequence: 0 };
  const content = meetingIcs({
    method: invitation.method,
    uid: meetingUid(view.spec.id),
    sequence: invitation.sequence,
    stamp: view.at,
    date: m.date,
    time: m.time,
    durationMinutes: m.durationMinutes,
    summary: view.spec.title,
    description: t.ics.description(view.spec.title, view.spec.proof, view.spec.id),
    ...(m.location ? { location: m.location } : {}),
    organizer: { name: mailText.office(view.town), email: organizerEmail },
    attendees: view.recipients.map((r) => ({ name: r.name, email: r.email })),
  });
  return { method: invitation.method, content };
}
