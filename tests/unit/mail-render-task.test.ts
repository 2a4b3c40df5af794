// The duty task emails (activities/mail/render-task.ts), rendered from a view as sendTaskNotice builds
// it: each kind says what the task is, its period, the due date and its trace, how late it is, who is
// responsible, what to do next, and the task id — in text and in HTML alike.

import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { foldLine, icsText } from '../../activities/mail/ics.ts';
import { renderMeetingIcs, renderTaskNotice } from '../../activities/mail/render-task.ts';
import type { TaskNoticeView } from '../../domain/task.ts';
import { parseInstant } from '../../domain/time.ts';
import { committeeMeeting, villageReport } from '../support/task-specs.ts';

const at = (when: string) => parseInstant(`${when}:00+08:00`)!;
const NAMES = { vs: '监督员辛', lead3: '副镇长壬', office: '安办主任戊', sec: '书记甲', head: '镇长乙', lead: '副镇长丙', lead2: '副镇长丁', insp: '安监员己', insp2: '安监员庚' };

function view(kind: TaskNoticeView['kind'], extra: Partial<TaskNoticeView> = {}): TaskNoticeView {
  const spec = villageReport();
  return {
    kind,
    key: `${spec.id}:step`,
    at: at('2030-09-09T09:00'),
    town: '测试镇',
    spec,
    facts: { due: spec.due, dueTrace: spec.dueTrace },
    recipients: [{ personId: 'vs', name: '监督员辛', email: 'vs@town.example' }],
    scopeName: '一村',
    responsible: { assignee: '监督员辛', level1: '副镇长壬' },
    names: NAMES,
    policy: { noticeTime: '09:00', reminderWorkdaysBefore: 1, escalationWorkdays: 3 },
    ...extra,
  };
}

describe('task emails', () => {
  it('duty.assigned: what, period, scope, due date with its trace, the proof, who is responsible, and what to do (no command to type)', () => {
    const mail = renderTaskNotice(view('duty.assigned', { at: at('2030-09-02T09:00') }));
    expect(mail.subject).toBe('【工作任务】一村2030年8月安全生产月报（9月6日前完成）');
    for (const part of [
      '监督员辛：',
      '任务编号：village-report:2030-08:v1',
      '所属期间：2030年8月',
      '村（社区）：一村',
      '截止日期：2030年9月6日（周五）',
      '期限计算：2030-09 的第5个工作日 = 2030-09-06',
      '完成佐证：上传村月度安全报告',
      '一级督办：副镇长壬',
      '二级督办：镇长、党委书记',
      '并登记完成情况（附完成佐证）',
      '（任务编号 village-report:2030-08:v1）',
      '测试镇安委会办公室',
    ]) {
      expect(mail.text).toContain(part);
    }
    expect(mail.text).not.toMatch(/anwei |--by/);
    expect(mail.html).not.toMatch(/anwei |--by/);
    expect(mail.html).toContain('2030年9月6日（周五）');
  });

  it('duty.overdue and both escalation levels say how late, and who was told', () => {
    const facts = { due: '2030-09-06', dueTrace: '…', daysOverdue: 3, workdaysOverdue: 1 };
    const overdue = renderTaskNotice(view('duty.overdue', { facts }));
    expect(overdue.subject).toBe('【任务逾期】一村2030年8月安全生产月报（已逾期3天）');
    expect(overdue.text).toContain('已逾期3天（其中工作日1天）');
    expect(overdue.text).toContain('此事已同时报告副镇长壬督办');
    expect(overdue.text).toContain('3个工作日后将报告镇长和党委书记');

    const level1 = renderTaskNotice(view('duty.escalation', { facts: { ...facts, escalationLevel: 1 }, recipients: [{ personId: 'lead3', name: '副镇长壬', email: 'lead3@town.example' }] }));
    expect(level1.subject).toBe('【任务督办·一级】一村2030年8月安全生产月报（已逾期3天）');
    expect(level1.text).toContain('监督员辛负责的工作任务“一村2030年8月安全生产月报”超过截止日期仍未完成');
    const level2 = renderTaskNotice(view('duty.escalation', { facts: { ...facts, daysOverdue: 7, escalationLevel: 2 } }));
    expect(level2.subject).toBe('【任务督办·二级】一村2030年8月安全生产月报（已逾期7天）');
    expect(level2.text).toContain('已报告副镇长壬督办，至今仍未完成');
  });

  it('a rescheduled task names its old and new due dates; an unconfirmed year is flagged', () => {
    const spec = villageReport({ due: '2030-09-09', unconfirmedYears: [2031] });
    const mail = renderTaskNotice(view('duty.assigned', { spec, facts: { due: '2030-09-09', dueTrace: '顺延', previousDue: '2030-09-06' } }));
    expect(mail.subject).toBe('【工作任务调整】一村2030年8月安全生产月报（期限调整为9月9日）');
    expect(mail.text).toContain('原截止日期：2030年9月6日（周五）');
    expect(mail.text).toContain('2031年的放假安排尚未公布');
  });

  it('meeting.invite: the .ics parses, with the stable UID, Shanghai times, escaped text and lines folded at 75 octets', () => {
    const spec = committeeMeeting({ title: '2030年9月安委会会议；议题：汛期安全, 消防' });
    const v = view('meeting.invite', {
      spec,
      at: at('2030-09-05T09:00'),
      facts: { due: spec.due, dueTrace: spec.dueTrace, invite: { method: 'REQUEST', sequence: 0 } },
      recipients: [
        { personId: 'head', name: '镇长乙', email: 'head@town.example' },
        { personId: 'sec', name: '书记甲', email: 'sec@town.example' },
      ],
    });
    const mail = renderTaskNotice(v);
    expect(mail.subject).toBe('【会议通知】2030年9月安委会会议；议题：汛期安全, 消防（9月10日 09:30）');
    expect(mail.text).toContain('会议时间：2030年9月10日（周二）09:30，约2小时');
    const ics = renderMeetingIcs(v, 'anban@town.example')!;
    expect(ics.method).toBe('REQUEST');
    for (const line of ics.content.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const event = new ICAL.Component(ICAL.parse(ics.content) as unknown[]).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('summary')).toBe('2030年9月安委会会议；议题：汛期安全, 消防');
    expect(event.getFirstPropertyValue('uid')).toBe('committee-meeting:2030-09@anwei');
    expect(String(event.getFirstPropertyValue('dtstart'))).toBe('2030-09-10T09:30:00');
    expect(String(event.getFirstPropertyValue('dtend'))).toBe('2030-09-10T11:30:00');
    expect(event.getFirstProperty('organizer')!.getParameter('cn')).toBe('测试镇安委会办公室');
    expect(String(event.getFirstPropertyValue('description'))).toContain('任务编号：committee-meeting:2030-09');
    // Rendering is deterministic: a retried notice stores the same file.
    expect(renderMeetingIcs(v, 'anban@town.example')!.content).toBe(ics.content);
    expect(renderMeetingIcs(view('duty.assigned'), 'anban@town.example')).toBeUndefined();
  });

  it('ics helpers: TEXT escaping and folding never split a character', () => {
    expect(icsText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    const folded = foldLine(`SUMMARY:${'安'.repeat(40)}`);
    expect(folded.split('\r\n ').join('')).toBe(`SUMMARY:${'安'.repeat(40)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });
});
