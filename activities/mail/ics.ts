// The iCalendar object (RFC 5545, iTIP RFC 5546) a meeting invitation carries: METHOD:REQUEST for an
// invitation or its update (a higher SEQUENCE under the same UID), METHOD:CANCEL to withdraw it.
// Times are Shanghai wall-clock times with TZID=Asia/Shanghai and its VTIMEZONE (fixed +08:00, no DST),
// so a calendar shows 09:30 as the office wrote it. Deterministic: the same input gives the same text.

import { addDays, type LocalDate } from '../../domain/time.ts';

export interface IcsPerson {
  name: string;
  email: string;
}

export interface MeetingIcsInput {
  method: 'REQUEST' | 'CANCEL';
  /** Stable for the meeting across updates and the cancellation. */
  uid: string;
  sequence: number;
  /** When this version was made (DTSTAMP), epoch ms: the notice's time. */
  stamp: number;
  date: LocalDate;
  /** `HH:MM`, Shanghai. */
  time: string;
  durationMinutes: number;
  summary: string;
  description?: string;
  location?: string;
  organizer: IcsPerson;
  attendees: readonly IcsPerson[];
}

const TZID = 'Asia/Shanghai';

/** TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11). */
export function icsText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n?|\n/g, '\\n');
}

/** A parameter value (CN=…): quoted, with the characters a quoted value may not hold dropped. */
function param(value: string): string {
  return `"${value.replace(/["\r\n]/g, '')}"`;
}

/** Lines longer than 75 octets are folded (RFC 5545 §3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    // The first line holds 75 octets; continuation lines start with a space, so 74 more.
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** `20270310T093000` (local, for TZID) from a day and `HH:MM`, plus minutes. */
function localStamp(date: LocalDate, time: string, plusMinutes = 0): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const total = h * 60 + m + plusMinutes;
  const day = addDays(date, Math.floor(total / 1440));
  const minutes = ((total % 1440) + 1440) % 1440;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${day.replace(/-/g, '')}T${hh}${mm}00`;
}

/** `20270305T010000Z` */
function utcStamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function meetingIcs(input: MeetingIcsInput): string {
  const cancel = input.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//anwei//duty calendar//ZH',
    'CALSCALE:GREGORIAN',
    `METHOD:${input.method}`,
    'BEGIN:VTIMEZONE',
    `TZID:${TZID}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    'TZOFFSETFROM:+0800',
    'TZOFFSETTO:+0800',
    'TZNAME:CST',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    `UID:${input.uid}`,
    `SEQUENCE:${input.sequence}`,
    `DTSTAMP:${utcStamp(input.stamp)}`,
    `DTSTART;TZID=${TZID}:${localStamp(input.date, input.time)}`,
    `DTEND;TZID=${TZID}:${localStamp(input.date, input.time, input.durationMinutes)}`,
    `SUMMARY:${icsText(input.summary)}`,
    ...(input.location ? [`LOCATION:${icsText(input.location)}`] : []),
    ...(input.description ? [`DESCRIPTION:${icsText(input.description)}`] : []),
    `ORGANIZER;CN=${param(input.organizer.name)}:mailto:${input.organizer.email}`,
    ...input.attendees.map(
      (a) => `ATTENDEE;CN=${param(a.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${a.email}`,
    ),
    `STATUS:${cancel ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    ...(cancel
      ? []
      : ['BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${icsText(input.summary)}`, 'TRIGGER:-PT30M', 'END:VALARM']),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
