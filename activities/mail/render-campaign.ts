// Renders a campaign notice (contract §6) as an email — one per recipient, listing that recipient's
// enterprises (at most LIST_IN_BODY_MAX in the body; the rest are in the attached ledger) — in the same
// document form as hazard and task notices.

import { CAMPAIGN_TEMPLATES, LIST_IN_BODY_MAX, type CampaignCounts, type CampaignNoticeKind, type CampaignSpec, type CampaignTaskLine, type ProgressRow } from '../../domain/campaign.ts';
import type { Recipient, RenderedEmail } from '../../domain/notices.ts';
import { campaignText as t } from '../../domain/text/campaign.ts';
import { mailText } from '../../domain/text/mail.ts';
import { statusText } from '../../domain/text/status.ts';
import { weekdayName, type LocalDate } from '../../domain/time.ts';
import { writeEmail, type Action, type EmailFrame, type Body, type Row, type Section } from './document.ts';

export interface CampaignNoticeView {
  kind: CampaignNoticeKind;
  at: number;
  town: string;
  spec: CampaignSpec;
  recipients: Recipient[];
  /** The enterprises this email speaks of (the recipient's, or the overdue ones). */
  lines: CampaignTaskLine[];
  counts: CampaignCounts;
  bySector?: ProgressRow[];
  byInspector?: ProgressRow[];
  level?: 1 | 2;
  /** The monday of the reported week (progress). */
  week?: LocalDate;
  closing?: { reason: 'completed' | 'closed'; by?: string };
  names: Record<string, string>;
  /** The ledger travels with the email. */
  attached: boolean;
}

const date = (d: LocalDate) => mailText.dateWithWeekday(d, weekdayName(d));

function campaignSection(v: CampaignNoticeView): Section {
  const s = v.spec;
  return {
    title: t.section.campaign,
    rows: [
      { label: t.label.id, value: s.id },
      { label: t.label.title, value: s.title },
      { label: t.label.template, value: CAMPAIGN_TEMPLATES[s.template].name },
      { label: t.label.opensOn, value: date(s.opensOn) },
      { label: t.label.due, value: date(s.due) },
      { label: t.label.trace, value: s.dueTrace },
      { label: t.label.startedBy, value: v.names[s.startedBy] ?? s.startedBy },
    ],
  };
}

function enterpriseSection(v: CampaignNoticeView, title: string, withStatus: boolean): Section {
  const shown = v.lines.slice(0, LIST_IN_BODY_MAX);
  const rows: Row[] = shown.map((l, i) => ({
    label: `${i + 1}`,
    value: t.enterpriseLine(l.enterpriseName, l.enterpriseId, l.sectorName, l.villageName, withStatus ? statusText.name(statusText.task, l.status) : undefined),
  }));
  if (v.lines.length > shown.length) rows.push({ label: '…', value: t.moreInAttachment(v.lines.length - shown.length) });
  return { title, rows };
}

function progressSection(title: string, rows: ProgressRow[] | undefined): Section | undefined {
  if (!rows?.length) return undefined;
  return { title, rows: rows.map((r) => ({ label: r.name, value: t.progressLine(r) })) };
}

function countsSection(c: CampaignCounts): Section {
  return { title: t.section.progress, rows: [{ label: t.label.counts, value: t.counts(c) }] };
}

const completeAction: Action = { text: t.action.completeText };

function body(v: CampaignNoticeView): Body {
  const s = v.spec;
  const n = v.lines.length;
  const notes = v.attached ? [t.action.ledger] : [];
  const checklist: Section = { title: t.section.checklist, rows: CAMPAIGN_TEMPLATES[s.template].checklist.map((c, i) => ({ label: `${i + 1}`, value: c })) };
  switch (v.kind) {
    case 'campaign.started':
      return {
        tone: 'info',
        subject: t.subject(t.tag['campaign.started'], s.title, t.suffix.enterprises(v.counts.tasks)),
        lead: t.lead.started(s.title, CAMPAIGN_TEMPLATES[s.template].name, v.counts.tasks, s.due),
        sections: [campaignSection(v), checklist, ...[progressSection(t.section.bySector, v.bySector)].filter((x): x is Section => !!x)],
        actions: [{ text: t.action.follow }],
        notes,
      };
    case 'campaign.assigned':
      return {
        tone: 'info',
        subject: t.subject(t.tag['campaign.assigned'], s.title, t.suffix.enterprises(n)),
        lead: t.lead.assigned(s.title, n, s.due),
        sections: [enterpriseSection(v, t.section.enterprises, false), checklist, campaignSection(v)],
        actions: [completeAction],
        notes,
      };
    case 'campaign.reminder':
      return {
        tone: 'warn',
        subject: t.subject(t.tag['campaign.reminder'], s.title, t.suffix.dueOn(s.due)),
        lead: t.lead.reminder(s.title, n, s.due),
        sections: [enterpriseSection(v, t.section.enterprises, true), campaignSection(v)],
        actions: [completeAction],
        notes,
      };
    case 'campaign.overdue':
      return {
        tone: 'alert',
        subject: t.subject(t.tag['campaign.overdue'], s.title, t.suffix.overdue(n)),
        lead: t.lead.overdue(s.title, n, s.due),
        sections: [enterpriseSection(v, t.section.overdue, false), campaignSection(v)],
        actions: [completeAction],
        notes,
      };
    case 'campaign.escalation': {
      const level = v.level ?? 1;
      return {
        tone: 'alert',
        subject: t.subject(level === 1 ? t.tag.escalation1 : t.tag.escalation2, s.title, t.suffix.overdue(n)),
        lead: level === 1 ? t.lead.escalation1(s.title, n, s.due) : t.lead.escalation2(s.title, n, s.due),
        sections: [enterpriseSection(v, t.section.overdue, false), ...[progressSection(t.section.byInspector, v.byInspector)].filter((x): x is Section => !!x), campaignSection(v)],
        actions: [{ text: t.action.urge }],
        notes,
      };
    }
    case 'campaign.progress':
      return {
        tone: v.counts.overdue ? 'warn' : 'info',
        subject: t.subject(t.tag['campaign.progress'], s.title, v.week ? t.suffix.week(v.week) : ''),
        lead: t.lead.progress(s.title),
        sections: [countsSection(v.counts), ...[progressSection(t.section.bySector, v.bySector), progressSection(t.section.byInspector, v.byInspector)].filter((x): x is Section => !!x), campaignSection(v)],
        actions: [{ text: t.action.follow }],
        notes,
      };
    case 'campaign.closed': {
      const reason = t.closeReasonName[v.closing?.reason ?? 'closed']!;
      const rows: Row[] = [{ label: t.label.reason, value: reason }];
      if (v.closing?.by) rows.push({ label: t.label.closedBy, value: v.names[v.closing.by] ?? v.closing.by });
      return {
        tone: 'done',
        subject: t.subject(t.tag['campaign.closed'], s.title, ''),
        lead: t.lead.closed(s.title, reason),
        sections: [{ title: t.section.campaign, rows }, countsSection(v.counts), ...[progressSection(t.section.bySector, v.bySector), progressSection(t.section.byInspector, v.byInspector)].filter((x): x is Section => !!x), campaignSection(v)],
        actions: [{ text: t.action.ledgerFromOffice }],
        notes: [],
      };
    }
  }
}

export function renderCampaignNotice(v: CampaignNoticeView, to?: EmailFrame['to']): RenderedEmail {
  return writeEmail(body(v), { ...v, footer: (office) => t.footer(office, v.spec.id), ...(to ? { to } : {}) });
}
