// Renders a hazard notice as an email (subject, plain text, HTML) from a HazardNoticeView: one builder
// per kind says what the email says, as a document (document.ts) that is written out as text and HTML.

import { PLAN_PARTS, PRINCIPAL } from '../../domain/hazard.ts';
import type { HazardNoticeView, RenderedEmail } from '../../domain/notices.ts';
import { mailText as t } from '../../domain/text/mail.ts';
import { daysBetween, formatLocalMinute, localDateOf } from '../../domain/time.ts';
import { NoticeFacts, type EmailFrame, sections, writeEmail, type Action, type Body, type Row, type Section } from './document.ts';

/** Everything a kind's builder needs, resolved once from the view. */
class Facts extends NoticeFacts<HazardNoticeView['facts']> {
  readonly h: HazardNoticeView['hazard'];
  readonly level: 'general' | 'major';
  readonly enterprise: string;

  constructor(readonly view: HazardNoticeView) {
    super(view.facts, view.at, view.names);
    this.h = view.hazard;
    this.level = view.hazard.level;
    this.enterprise = view.enterprise.name;
  }

  /** A person the facts name by id, as people know them; the enterprise's principal by name. */
  override person(id: string | undefined): string {
    return id === PRINCIPAL ? t.principalOf(this.view.enterprise.principalName) : super.person(id);
  }

  subject(tag: { general: string; major: string }, suffix: string): string {
    const flat = this.h.description.replace(/\s+/g, ' ').trim();
    const max = t.subjectDescriptionMax;
    const description = [...flat].length > max ? `${[...flat].slice(0, max).join('')}${t.ellipsis}` : flat;
    return t.subject(tag[this.level], this.enterprise, description, suffix).replace(/[\r\n]+/g, ' ');
  }

  hazardSection(): Section {
    const { view, h } = this;
    const rows: Row[] = [
      { label: t.label.hazardId, value: h.id },
      { label: t.label.enterprise, value: view.enterprise.name },
      { label: t.label.sector, value: view.sector.name },
    ];
    if (view.village) rows.push({ label: t.label.village, value: view.village.name });
    rows.push({ label: t.label.description, value: h.description });
    rows.push({ label: t.label.level, value: t.levelName[h.level] });
    if (h.location) rows.push({ label: t.label.location, value: h.location });
    rows.push({ label: t.label.found, value: t.found(formatLocalMinute(h.reportedAt), this.person(h.reportedBy)) });
    if (h.campaignId) rows.push({ label: t.label.campaign, value: h.campaignId });
    return { title: t.section.hazard, rows };
  }

  deadlineSection(options: { overdue?: boolean } = {}): Section {
    const rows: Row[] = [
      { label: t.label.due, value: this.date(this.f.due) },
      { label: t.label.trace, value: this.f.dueTrace },
    ];
    if (options.overdue) rows.push({ label: t.label.overdue, value: this.overdue() });
    return { title: t.section.deadline, rows };
  }

  responsibleSection(): Section {
    const r = this.view.responsible;
    return {
      title: t.section.responsible,
      rows: [
        { label: t.label.principal, value: r.principal },
        { label: t.label.inspector, value: r.inspector },
        { label: t.label.sectorLeader, value: r.sectorLeader },
      ],
    };
  }

  submissionSection(): Section | undefined {
    const s = this.f.submission;
    if (!s) return undefined;
    const rows: Row[] = [
      { label: t.label.submittedAt, value: formatLocalMinute(s.at) },
      { label: t.label.submittedBy, value: this.person(s.by) },
      { label: t.label.evidence, value: s.evidence },
    ];
    if (this.f.verifyBy) rows.push({ label: t.label.verifyBy, value: t.verifyWithin(this.date(this.f.verifyBy), this.verificationDays()) });
    return { title: t.section.submission, rows };
  }

  verificationSection(): Section | undefined {
    const v = this.f.verification;
    if (!v) return undefined;
    const rows: Row[] = [
      { label: t.label.verifiedAt, value: formatLocalMinute(v.at) },
      { label: t.label.verifiedBy, value: this.person(v.by) },
      { label: t.label.result, value: t.result[v.result] },
    ];
    if (v.note) rows.push({ label: t.label.verificationNote, value: v.note });
    if (v.newDue) rows.push({ label: t.label.newDue, value: this.date(v.newDue) });
    if (v.newTrace) rows.push({ label: t.label.trace, value: v.newTrace });
    return { title: t.section.verification, rows };
  }

  /** The verification period in days, as this submission's deadline was set (the policy may have changed since). */
  verificationDays(): number | undefined {
    const s = this.f.submission;
    if (s && this.f.verifyBy) return daysBetween(localDateOf(s.at), this.f.verifyBy);
    return this.view.policy?.verificationDays;
  }

  /** Who submitted the rectification: the enterprise, or the person who recorded it for the enterprise. */
  submitter(): string {
    const by = this.f.submission?.by;
    return by === undefined || by === PRINCIPAL ? this.enterprise : t.action.submittedFor(this.person(by), this.enterprise);
  }

  /** The recipients who are people of the profile (the principal is not). */
  recipientIds(): Array<{ name: string; id: string }> {
    return this.view.recipients.filter((r) => r.personId).map((r) => ({ name: r.name, id: r.personId! }));
  }
}

// ---------------------------------------------------------------------------------------------
// One builder per kind: what the email says. Wording comes from the catalogue.

function planSection(x: Facts): Section | undefined {
  const plan = x.h.plan;
  if (!plan) return undefined;
  // The regulation's order first; anything else the reporter wrote after it.
  const parts = [...PLAN_PARTS.filter((p) => plan[p] !== undefined), ...Object.keys(plan).filter((p) => !(PLAN_PARTS as readonly string[]).includes(p))];
  return { title: t.section.plan, rows: parts.map((p) => ({ label: p, value: plan[p] ?? '' })) };
}

function assigned(x: Facts): Body {
  const r = x.view.responsible;
  const due = x.date(x.f.due);
  const major = x.level === 'major';
  return {
    tone: major ? 'alert' : 'info',
    subject: x.subject(t.tag.assigned, t.suffix.dueBy(x.f.due)),
    lead: t.lead.assigned(x.enterprise, t.levelName[x.level], due) + (major ? t.lead.assignedListed : ''),
    sections: sections(x.hazardSection(), x.deadlineSection(), planSection(x), x.responsibleSection()),
    actions: [
      { who: t.who.principal(r.principal), text: t.action.rectify(due, r.inspector) },
      { who: t.who.principal(r.principal), text: t.action.extendBeforeDue(due, r.sectorLeader) },
      { who: t.who.inspector(r.inspector), text: t.action.followUp },
    ],
    notes: [],
  };
}

function majorListed(x: Facts): Body {
  const r = x.view.responsible;
  const due = x.date(x.f.due);
  return {
    tone: 'alert',
    subject: x.subject(t.tag.majorListed, t.suffix.dueBy(x.f.due)),
    lead: t.lead.majorListed(x.enterprise, due),
    sections: sections(
      x.hazardSection(),
      x.deadlineSection(),
      planSection(x),
      x.responsibleSection(),
    ),
    actions: [
      { who: t.who.leader(r.sectorLeader), text: t.action.listedLeader },
      { who: t.who.heads, text: t.action.listedHeads },
    ],
    notes: [t.action.listedInfo(due)],
  };
}

function reminder(x: Facts): Body {
  const r = x.view.responsible;
  const due = x.date(x.f.due);
  return {
    tone: 'warn',
    subject: x.subject(t.tag.reminder, t.suffix.dueOn(x.f.due)),
    lead: t.lead.reminder(x.enterprise, due, daysBetween(localDateOf(x.view.at), x.f.due)),
    sections: sections(x.hazardSection(), x.deadlineSection(), x.responsibleSection()),
    actions: [
      { who: t.who.principal(r.principal), text: t.action.rectify(due, r.inspector) },
      { who: t.who.principal(r.principal), text: t.action.extendBeforeDue(due, r.sectorLeader) },
      { who: t.who.inspector(r.inspector), text: t.action.followUp },
    ],
    notes: [],
  };
}

function overdue(x: Facts): Body {
  const r = x.view.responsible;
  const p = x.view.policy;
  const major = x.level === 'major';
  return {
    tone: 'alert',
    subject: x.subject(t.tag.overdue, t.suffix.overdue(x.overdueDays())),
    lead: t.lead.overdue(x.enterprise, x.date(x.f.due), x.overdue(), r.sectorLeader),
    sections: sections(x.hazardSection(), x.deadlineSection({ overdue: true }), x.responsibleSection()),
    actions: [
      { who: t.who.principal(r.principal), text: t.action.rectifyNow(r.inspector) },
      { who: t.who.inspector(r.inspector), text: t.action.urgeNow },
    ],
    notes: [t.action.nextLevel(major ? undefined : p?.escalationWorkdays, major ? p?.majorEscalationDays : undefined)],
  };
}

function escalation(x: Facts): Body {
  const r = x.view.responsible;
  const p = x.view.policy;
  const level = x.f.escalationLevel ?? 1;
  const major = x.level === 'major';
  // The lead says it short; the deadline section gives working days too.
  const days = t.suffix.overdue(x.overdueDays());
  const lead = x.f.resumed
    ? t.lead.resumed(x.enterprise, days, x.person(x.f.acknowledgedBy), p?.ackResumeWorkdays, t.escalationLevel[level])
    : level === 1
      ? t.lead.escalation1(x.view.sector.name, x.enterprise, days)
      : t.lead.escalation2(x.enterprise, days, r.sectorLeader);
  const escalationRows: Row[] = [{ label: t.label.escalationLevel, value: t.escalationLevel[level] }];
  if (x.f.resumed && x.f.acknowledgedBy) escalationRows.push({ label: t.label.acknowledged, value: t.acknowledgedBy(x.person(x.f.acknowledgedBy)) });
  const several = x.recipientIds().length > 1;
  const notes =
    level === 1
      ? [t.action.afterAck(p?.ackResumeWorkdays), t.action.unacknowledged(major ? undefined : p?.escalationWorkdays, major ? p?.majorEscalationDays : undefined)]
      : [t.action.topLevelAgain(p?.ackResumeWorkdays)];
  return {
    tone: 'alert',
    subject: x.subject(
      level === 1 ? t.tag.escalation1 : t.tag.escalation2,
      x.f.resumed ? t.suffix.resumed(x.overdueDays()) : t.suffix.overdue(x.overdueDays()),
    ),
    lead,
    sections: sections(
      x.hazardSection(),
      x.deadlineSection({ overdue: true }),
      { title: t.section.escalation, rows: escalationRows },
      x.responsibleSection(),
    ),
    actions: [
      { text: level === 1 ? t.action.superviseLeader : t.action.superviseHeads },
      { text: several ? t.action.acknowledgeEach : t.action.acknowledge },
    ],
    notes,
  };
}

function extensionSection(x: Facts, decided: boolean): Section | undefined {
  const e = x.f.extension;
  if (!e) return undefined;
  const rows: Row[] = [
    { label: t.label.requestedBy, value: x.person(e.requestedBy) },
    { label: t.label.reason, value: e.reason },
    { label: t.label.requestedDue, value: x.date(e.requestedDue) },
    { label: t.label.requestedTrace, value: e.requestedTrace },
  ];
  if (decided && e.approved !== undefined) {
    rows.push({ label: t.label.decision, value: e.approved ? t.decision.approved : t.decision.denied });
    if (e.decidedBy) rows.push({ label: t.label.decidedBy, value: x.person(e.decidedBy) });
    if (e.note) rows.push({ label: t.label.note, value: e.note });
  }
  return { title: t.section.extension, rows };
}

function extensionRequested(x: Facts): Body {
  const e = x.f.extension;
  const requested = e?.requestedDue ?? x.f.due;
  return {
    tone: 'warn',
    subject: x.subject(t.tag.extensionRequested, t.suffix.requested(requested)),
    lead: t.lead.extensionRequested(x.enterprise, x.date(x.f.due), x.date(requested)),
    sections: sections(x.hazardSection(), x.deadlineSection(), extensionSection(x, false), x.responsibleSection()),
    actions: [{ text: t.action.decide(x.date(x.f.due)) }],
    notes: [],
  };
}

function extensionDecided(x: Facts): Body {
  const r = x.view.responsible;
  const e = x.f.extension;
  const approved = e?.approved === true;
  const decider = x.person(e?.decidedBy) || r.sectorLeader;
  const due = x.date(x.f.due);
  const past = localDateOf(x.view.at) > x.f.due;
  const principalText = approved
    ? t.action.meetNewDue(due, r.inspector)
    : past
      ? t.action.pastOldDue(due, r.inspector)
      : t.action.meetOldDue(due, r.inspector);
  return {
    tone: approved ? 'info' : 'warn',
    subject: approved
      ? x.subject(t.tag.extensionApproved, t.suffix.extendedTo(x.f.due))
      : x.subject(t.tag.extensionDenied, t.suffix.dueKept(x.f.due)),
    lead: approved ? t.lead.extensionApproved(decider, x.enterprise, due) : t.lead.extensionDenied(decider, x.enterprise, due),
    sections: sections(x.hazardSection(), extensionSection(x, true), x.deadlineSection(), x.responsibleSection()),
    actions: [
      { who: t.who.principal(r.principal), text: principalText },
      {
        who: t.who.inspector(r.inspector),
        text: approved ? t.action.followNewDue(due) : t.action.followOldDue,
      },
    ],
    notes: [],
  };
}

function verificationRequested(x: Facts): Body {
  const s = x.f.submission;
  const verifyBy = x.f.verifyBy ?? localDateOf(x.view.at);
  const actions: Action[] = [{ text: t.action.verify(x.date(verifyBy)) }];
  const submitter = x.recipientIds().find((r) => r.id === s?.by);
  if (submitter) actions.push({ text: t.action.verifierIsSubmitter(submitter.name) });
  return {
    tone: 'warn',
    subject: x.subject(t.tag.verificationRequested, t.suffix.verifyBy(verifyBy)),
    lead: t.lead.verificationRequested(x.submitter(), s ? formatLocalMinute(s.at) : formatLocalMinute(x.view.at), x.date(verifyBy)),
    sections: sections(x.hazardSection(), x.submissionSection(), x.deadlineSection(), x.responsibleSection()),
    actions,
    notes: [],
  };
}

function verificationOverdue(x: Facts): Body {
  const r = x.view.responsible;
  const s = x.f.submission;
  const verifyBy = x.f.verifyBy ?? localDateOf(x.view.at);
  // The inspector who recorded the submission himself cannot be urged to verify it.
  const byInspector = s !== undefined && s.by !== PRINCIPAL && x.person(s.by) === r.inspector;
  return {
    tone: 'alert',
    subject: x.subject(t.tag.verificationOverdue, t.suffix.verifyWasDue(verifyBy)),
    lead: t.lead.verificationOverdue(x.submitter(), s ? formatLocalMinute(s.at) : '', x.date(verifyBy), byInspector ? undefined : r.inspector),
    sections: sections(x.hazardSection(), x.submissionSection(), x.deadlineSection(), x.responsibleSection()),
    actions: [{ text: byInspector ? t.action.arrangeVerifier(r.inspector) : t.action.urgeVerification(r.inspector) }],
    notes: [],
  };
}

function rejected(x: Facts): Body {
  const r = x.view.responsible;
  const v = x.f.verification;
  const newDue = v?.newDue ?? x.f.due;
  return {
    tone: 'alert',
    subject: x.subject(t.tag.rejected, t.suffix.newDue(newDue)),
    lead: t.lead.rejected(x.person(v?.by), v ? formatLocalMinute(v.at) : formatLocalMinute(x.view.at), x.enterprise, x.date(newDue)),
    sections: sections(x.hazardSection(), x.submissionSection(), x.verificationSection(), x.responsibleSection()),
    actions: [
      { who: t.who.principal(r.principal), text: t.action.redoRectification(x.date(newDue), r.inspector) },
      { who: t.who.inspector(r.inspector), text: t.action.followRedo },
    ],
    notes: [],
  };
}

function closed(x: Facts): Body {
  const v = x.f.verification;
  const s = x.f.submission;
  const history: Row[] = [
    { label: t.label.reported, value: t.at(formatLocalMinute(x.h.reportedAt), x.person(x.h.reportedBy)) },
    { label: t.label.due, value: x.date(x.f.due) },
  ];
  if (s) history.push({ label: t.label.submittedAt, value: t.at(formatLocalMinute(s.at), x.person(s.by)) });
  if (v) history.push({ label: t.label.closed, value: t.at(formatLocalMinute(v.at), x.person(v.by)) });
  const evidence: Row[] = s ? [{ label: t.label.evidence, value: s.evidence }] : [];
  if (v?.note) evidence.push({ label: t.label.verificationNote, value: v.note });
  return {
    tone: 'done',
    subject: x.subject(t.tag.closed, t.suffix.closed),
    lead: t.lead.closed(x.person(v?.by), v ? formatLocalMinute(v.at) : formatLocalMinute(x.view.at), x.enterprise),
    sections: sections(
      x.hazardSection(),
      { title: t.section.history, rows: history },
      { title: t.section.submission, rows: evidence },
      x.responsibleSection(),
    ),
    actions: [{ text: t.action.closedNothing }, { text: t.action.closedLessons }],
    notes: x.level === 'major' ? [t.action.closedDelisted] : [],
  };
}

const BUILDERS: Record<HazardNoticeView['kind'], (x: Facts) => Body> = {
  'hazard.assigned': assigned,
  'hazard.major_listed': majorListed,
  'hazard.reminder': reminder,
  'hazard.overdue': overdue,
  'hazard.escalation': escalation,
  'hazard.extension_requested': extensionRequested,
  'hazard.extension_decided': extensionDecided,
  'hazard.verification_requested': verificationRequested,
  'hazard.verification_overdue': verificationOverdue,
  'hazard.rejected': rejected,
  'hazard.closed': closed,
};

export function renderHazardNotice(view: HazardNoticeView, to?: EmailFrame['to']): RenderedEmail {
  return writeEmail(BUILDERS[view.kind](new Facts(view)), { ...view, footer: (office) => t.footer(office, view.hazard.id), ...(to ? { to } : {}) });
}
