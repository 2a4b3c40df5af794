// The monthly committee meeting (contract §4): its `meeting.invite` with an .ics calendar invitation,
// read back from the email as a mail client would (mailparser) and parsed as a calendar would (ical.js):
// METHOD, a UID that stays the meeting's, Shanghai times, SEQUENCE growing with each change, CANCEL.

import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { act } from '../../client/act.ts';
import { captured, startEngine, type Engine } from '../support/engine.ts';
import { TASK_TOWN, committeeMeeting, startTask, taskView } from '../support/tasks.ts';
import { told } from './hazard-helpers.ts';

const ID = 'committee-meeting:2030-09';
const EVERYONE = ['head', 'insp', 'insp2', 'lead', 'lead2', 'office', 'sec'];

interface Invitation {
  subject: string;
  to: string[];
  method: string;
  /** The Content-Type method= of the text/calendar part, as Outlook reads it. */
  partMethod: string;
  uid: string;
  sequence: number;
  status: string;
  tzid: string;
  /** DTSTART as written: Shanghai wall-clock time. */
  localStart: string;
  /** DTSTART and DTEND as instants, through the VTIMEZONE the file carries. */
  start: string;
  end: string;
  summary: string;
  location: string;
  attendees: string[];
}

/** Every meeting invitation the engine mailed, parsed from the raw message. */
async function invitations(engine: Engine): Promise<Invitation[]> {
  const out: Invitation[] = [];
  for (const c of captured(engine).filter((m) => m.email.kind === 'meeting.invite')) {
    const mail = await simpleParser(c.raw);
    const calendar = mail.attachments.find((a) => a.contentType === 'text/calendar');
    expect(calendar, 'the email has a text/calendar part').toBeDefined();
    const ics = calendar!.content.toString('utf8');
    const vcalendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    const vtimezone = vcalendar.getFirstSubcomponent('vtimezone')!;
    ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone), 'Asia/Shanghai');
    const event = vcalendar.getFirstSubcomponent('vevent')!;
    const dtstart = event.getFirstProperty('dtstart')!;
    const iso = (t: ICAL.Time) => new Date(t.toUnixTime() * 1000).toISOString();
    out.push({
      subject: mail.subject ?? '',
      to: c.email.to.map((a) => a.address.split('@')[0]!).sort(),
      method: String(vcalendar.getFirstPropertyValue('method')),
      partMethod: String((calendar!.headers.get('content-type') as { params?: { method?: string } } | undefined)?.params?.method ?? '').toUpperCase(),
      uid: String(event.getFirstPropertyValue('uid')),
      sequence: Number(event.getFirstPropertyValue('sequence')),
      status: String(event.getFirstPropertyValue('status')),
      tzid: String(dtstart.getParameter('tzid')),
      localStart: (dtstart.getFirstValue() as ICAL.Time).toString(),
      start: iso(event.getFirstPropertyValue('dtstart') as ICAL.Time),
      end: iso(event.getFirstPropertyValue('dtend') as ICAL.Time),
      summary: String(event.getFirstPropertyValue('summary')),
      location: String(event.getFirstPropertyValue('location') ?? ''),
      attendees: event
        .getAllProperties('attendee')
        .map((p) => String(p.getFirstValue()).replace(/^mailto:/i, '').split('@')[0]!)
        .sort(),
    });
  }
  return out;
}

describe('the committee meeting', () => {
  it('is invited 09:00 three working days before, with an .ics REQUEST in Shanghai time; the minutes are assigned on the meeting day and reminded', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TASK_TOWN });
    await startTask(engine, committeeMeeting());
    await engine.advanceTo('2030-09-11T18:00');
    expect(await told(engine, ID)).toEqual([
      { at: '2030-09-05T09:00', kind: 'meeting.invite', to: EVERYONE },
      { at: '2030-09-10T09:00', kind: 'duty.assigned', to: ['office'] },
      // Minutes due Fri 09-13; the working day before is Wed 09-11 (09-12 中秋 off).
      { at: '2030-09-11T09:00', kind: 'duty.reminder', to: ['office'] },
    ]);
    const [invite] = await invitations(engine);
    expect(invite).toEqual({
      subject: '【会议通知】2030年9月安委会会议（9月10日 09:30）',
      to: EVERYONE,
      method: 'REQUEST',
      partMethod: 'REQUEST',
      uid: `${ID}@anwei`,
      sequence: 0,
      status: 'CONFIRMED',
      tzid: 'Asia/Shanghai',
      localStart: '2030-09-10T09:30:00',
      start: '2030-09-10T01:30:00.000Z',
      end: '2030-09-10T03:30:00.000Z',
      summary: '2030年9月安委会会议',
      location: '镇政府三楼会议室',
      attendees: EVERYONE,
    });
    const row = await engine.db.prisma.notice.findUniqueOrThrow({ where: { key: `${ID}:invite-0` } });
    expect(row.ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(row.text).toContain('镇政府三楼会议室');
  });

  it('rescheduled after the invitation is invited again at once under the same UID with SEQUENCE 1, and cancelled withdrawn with METHOD:CANCEL, SEQUENCE 2', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TASK_TOWN });
    await startTask(engine, committeeMeeting());
    await engine.advanceTo('2030-09-06T10:00');
    const moved = committeeMeeting({ meeting: { ...committeeMeeting().meeting!, time: '14:30', location: '镇政府一楼大会议室' } });
    const view = await act(engine.gateway, 'task', ID, 'replace', { spec: moved, reason: '书记另有公务，改为下午' });
    expect(view).toMatchObject({ revision: 2, meeting: { time: '14:30', invitedSequence: 1 } });
    // The same spec again changes nothing.
    expect(await act(engine.gateway, 'task', ID, 'replace', { spec: moved })).toMatchObject({ revision: 2 });

    await engine.advanceTo('2030-09-08T10:00');
    await act(engine.gateway, 'task', ID, 'cancel', { reason: '上级临时召开会议，本月会议取消', by: 'office' });
    await engine.advanceTo('2030-09-30T18:00');

    expect(await told(engine, ID)).toEqual([
      { at: '2030-09-05T09:00', kind: 'meeting.invite', to: EVERYONE },
      { at: '2030-09-06T10:00', kind: 'meeting.invite', to: EVERYONE },
      { at: '2030-09-08T10:00', kind: 'meeting.invite', to: EVERYONE },
    ]);
    const sent = await invitations(engine);
    expect(sent.map(({ method, partMethod, uid, sequence, status, localStart, start, location }) => ({ method, partMethod, uid, sequence, status, localStart, start, location }))).toEqual([
      { method: 'REQUEST', partMethod: 'REQUEST', uid: `${ID}@anwei`, sequence: 0, status: 'CONFIRMED', localStart: '2030-09-10T09:30:00', start: '2030-09-10T01:30:00.000Z', location: '镇政府三楼会议室' },
      { method: 'REQUEST', partMethod: 'REQUEST', uid: `${ID}@anwei`, sequence: 1, status: 'CONFIRMED', localStart: '2030-09-10T14:30:00', start: '2030-09-10T06:30:00.000Z', location: '镇政府一楼大会议室' },
      { method: 'CANCEL', partMethod: 'CANCEL', uid: `${ID}@anwei`, sequence: 2, status: 'CANCELLED', localStart: '2030-09-10T14:30:00', start: '2030-09-10T06:30:00.000Z', location: '镇政府一楼大会议室' },
    ]);
    expect(sent.map((s) => s.subject)).toEqual([
      '【会议通知】2030年9月安委会会议（9月10日 09:30）',
      '【会议变更】2030年9月安委会会议（9月10日 14:30）',
      '【会议取消】2030年9月安委会会议（9月10日 14:30）',
    ]);
    expect(await engine.db.prisma.task.findUniqueOrThrow({ where: { id: ID } })).toMatchObject({ status: 'cancelled' });
    expect(await taskView(engine, ID)).toMatchObject({ status: 'cancelled' });
    const events = await engine.db.prisma.taskEvent.findMany({ where: { taskId: ID }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['started', 'invited', 'rescheduled', 'cancelled']);
  });
});

describe('dates recomputed', () => {
  it('after the office adds a day off, a task already assigned is told its new due date and reminded for it', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    const { villageReport } = await import('../support/tasks.ts');
    await startTask(engine, villageReport());
    await engine.advanceTo('2030-09-03T10:00');
    // 09-05 becomes a day off: the 5th working day of September moves from Fri 09-06 to Mon 09-09.
    await engine.reload(TASK_TOWN.replace('holidays: [2030-01-01,', 'holidays: [2030-01-01, 2030-09-05,'));
    const recomputed = villageReport({ due: '2030-09-09', dueTrace: '2030-09 的第5个工作日 = 2030-09-09，跳过 09-05（放假）' });
    await act(engine.gateway, 'task', 'village-report:2030-08:v1', 'replace', { spec: recomputed, reason: '新增放假安排' });
    await engine.advanceTo('2030-09-09T18:00');
    const sent = await engine.sent({ ref: 'village-report:2030-08:v1' });
    expect(sent.map(({ at, kind, to }) => ({ at, kind, to }))).toEqual([
      { at: '2030-09-02T09:00', kind: 'duty.assigned', to: ['vs'] },
      { at: '2030-09-03T10:00', kind: 'duty.assigned', to: ['vs'] },
      { at: '2030-09-06T09:00', kind: 'duty.reminder', to: ['vs'] },
    ]);
    expect(sent[1]!.subject).toBe('【工作任务调整】一村2030年8月安全生产月报（期限调整为9月9日）');
    expect(await engine.db.prisma.task.findUniqueOrThrow({ where: { id: 'village-report:2030-08:v1' } })).toMatchObject({ status: 'open', due: '2030-09-09' });
  });
});
