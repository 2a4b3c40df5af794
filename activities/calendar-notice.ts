// The notice to the office head that a year's official holiday arrangement is not known yet: the duty
// calendar is then computed from the lunar calendar without 调休, and the office should enter the
// official days once the State Council publishes them. Sent once per year (outbox key per year).

import { log } from '@temporalio/activity';
import { resolveCalendar } from '../domain/calendar-data.ts';
import { calendarText as ct } from '../domain/text/calendar.ts';
import { longDate, mailText } from '../domain/text/mail.ts';
import { formatInstant, monthDay } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { messageIdFor } from './mail/compose.ts';
import { toHtml, toText, type Doc } from './mail/document.ts';
import { createOutbox, type NoticeDeps, type SendNoticeResult } from './notices.ts';
import { calendarOverridesOf, loadTown, resolveAudience } from './town.ts';

export const CALENDAR_NOTICE_KIND = 'calendar.unconfirmed';
export const calendarNoticeKey = (year: number): string => `calendar:unconfirmed:${year}`;

async function calendarDoc(db: Database, year: number, at: number): Promise<Doc | undefined> {
  const town = await loadTown(db);
  const data = resolveCalendar({ fromYear: year, toYear: year, overrides: calendarOverridesOf(town) });
  if (!data.unconfirmedYears.includes(year)) return undefined; // entered meanwhile: nothing to say
  const holidays = data.statutory
    .filter((s) => s.year === year && s.dates.length > 0)
    .map((s) => ({ label: ct.holidayName[s.id], value: ct.holidayDates('', monthDay(s.dates[0]!), monthDay(s.dates.at(-1)!), s.dates.length).trim() }));
  const office = mailText.office(town.name);
  return {
    tone: 'warn',
    subject: `【工作日历待确认】${year}年放假安排尚未录入，相关任务按农历推算`,
    greeting: '安办主任：',
    lead:
      `${year} 年的法定节假日安排尚未公布（或尚未录入）。工作日历中 ${year} 年的节前检查、任务开始和截止日期目前按农历推算的法定假日计算，` +
      '未计调休，可能与正式安排不符。',
    sections: [{ title: `${year} 年按农历推算的法定假日`, rows: holidays }],
    actions: [
      {
        text: '国务院公布放假安排后，在镇档案的 calendar 中录入放假日（holidays）和调休上班日（workdays），然后重新载入档案；未办结任务的日期会按正式安排重新计算并通知承办人。',
        commands: [{ command: 'anwei profile load <档案文件>' }, { label: '核对一年的安排：', command: `anwei duties preview --from ${year}-01-01 --days 365` }],
      },
    ],
    notes: [],
    office,
    date: longDate(formatInstant(at).slice(0, 10)),
    footer: `本邮件由安全生产工作提醒系统自动发送。如有疑问，请与${office}联系。`,
  };
}

export function createCalendarNoticeActivities(deps: NoticeDeps) {
  const { db } = deps;
  const outbox = createOutbox(deps);
  return {
    /** Tells the office head, once per year, that the year's holidays are computed, not official. */
    async noticeUnconfirmedYears(input: { years: number[]; at: number }): Promise<string[]> {
      const told: string[] = [];
      for (const year of input.years) {
        const key = calendarNoticeKey(year);
        let row = await outbox.find(key);
        if (!row) {
          const doc = await calendarDoc(db, year, input.at);
          if (!doc) continue;
          log.warn('calendar year not confirmed: holidays computed from the lunar calendar', { year });
          const { recipients } = await resolveAudience(db, ['office_head'], {});
          row = await outbox.insert({
            key,
            kind: CALENDAR_NOTICE_KIND,
            ref: `calendar:${year}`,
            at: new Date(input.at),
            recipientsJson: JSON.stringify(recipients),
            subject: doc.subject,
            text: toText(doc),
            html: toHtml(doc),
            messageId: messageIdFor(key, deps.mailFrom),
            status: recipients.length ? 'pending' : 'sent',
            ...(recipients.length ? {} : { lastError: 'nobody to tell: office_head' }),
          });
        }
        const result: SendNoticeResult = await outbox.deliver(row);
        if (result.sent) told.push(key);
      }
      return told;
    },
  };
}
