// How late the rows of a ledger list are (client/ledger.ts for hazards, client/task-ledger.ts for tasks):
// calendar days and working days past the due date on the town's calendar, and the most-late-first
// order of a list asked for what is late. Reads the database only.

import { WorkCalendar } from '../domain/calendar.ts';
import { resolveCalendar } from '../domain/calendar-data.ts';
import { yearOf, type LocalDate } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';

export interface Overdue {
  /** Calendar days past the due date; 0 when the item is not late. */
  daysOverdue: number;
  workdaysOverdue: number;
}

/**
 * How late items are on `today`, counted on the town's calendar (resolved once, from the earliest of
 * `dues` to today). The returned function takes an item's due date and whether the item still runs
 * against it (a hazard open, a task open or overdue); such an item whose due date has ended is late,
 * anything else is 0 days overdue.
 */
export async function overdueCounter(db: Database, dues: readonly LocalDate[], today: LocalDate): Promise<(due: LocalDate, running: boolean) => Overdue> {
  const town = await db.prisma.town.findUnique({ where: { id: 1 } });
  const earliest = dues.reduce((min, due) => (due < min ? due : min), today);
  const calendar = new WorkCalendar(
    resolveCalendar({ fromYear: yearOf(earliest), toYear: yearOf(today), overrides: town ? JSON.parse(town.calendarJson) : undefined }),
  );
  const lateness = calendar.latenessOn(today, earliest);
  return (due, running) => {
    if (!running || due >= today) return { daysOverdue: 0, workdaysOverdue: 0 };
    return lateness(due);
  };
}

/** Sorts rows most overdue first (then by id), the order of a list asked for what is late. */
export function mostOverdueFirst<T extends { id: string } & Overdue>(rows: T[]): T[] {
  return rows.sort((a, b) => b.daysOverdue - a.daysOverdue || a.id.localeCompare(b.id));
}
