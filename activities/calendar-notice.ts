// The notice to the office head that a year's official holiday arrangement is not known yet: the duty
// calendar is then computed from the lunar calendar without 调休, and the office should enter the
// official days once the State Council publishes them. Sent once per year (outbox key per year).

import { log } from '@temporalio/activity';
import { resolveCalendar } from '../domain/calendar-data.ts';
import { calendarText as ct } from '../domain/text/calendar.ts';
import { longDate, mailText } from '../domain/text/mail.ts';
import { formatInstant, monthDay } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import type { Doc } from './mail/document.ts';
import { createOutbox, type NoticeDeps, type SendNoticeResult } from './notices.ts';
import { officeEmailRow } from './office-email.ts';
import { calendarOverridesOf, loadTown } from './town.ts';

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
  const text = ct.unconfirmedEmail;
  return {
    tone: 'warn',
    subject: text.subject(year),
    greeting: text.greeting,
    lead: text.lead(year),
    sections: [{ title: text.holidaysTitle(year), rows: holidays }],
    actions: [
      {
        text: text.action,
        commands: [{ command: 'anwei profile load <档案文件>' }, { label: text.previewLabel, command: `anwei duties preview --from ${year}-01-01 --days 365` }],
      },
    ],
    notes: [],
    office,
    date: longDate(formatInstant(at).slice(0, 10)),
    footer: text.footer(office),
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
        const row = await officeEmailRow(deps, outbox, { key, kind: CALENDAR_NOTICE_KIND, ref: `calendar:${year}`, at: input.at }, async () => {
          const doc = await calendarDoc(db, year, input.at);
          if (doc) log.warn('calendar year not confirmed: holidays computed from the lunar calendar', { year });
          return doc;
        });
        if (!row) continue;
        const result: SendNoticeResult = await outbox.deliver(row);
        if (result.sent) told.push(key);
      }
      return told;
    },
  };
}
