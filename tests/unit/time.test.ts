import { describe, expect, it } from 'vitest';
import { addDays, formatInstant, instantAt, isLocalDate, isoWeekday, localDateOf, parseInstant } from '../../domain/time.ts';

describe('Asia/Shanghai time, whatever the machine zone', () => {
  it('reads the Shanghai day of an instant late in the UTC evening', () => {
    expect(localDateOf(Date.parse('2027-03-01T16:30:00Z'))).toBe('2027-03-02');
    expect(localDateOf(Date.parse('2027-03-01T15:59:59Z'))).toBe('2027-03-01');
  });
  it('places 09:00 Shanghai at 01:00 UTC and prints it with +08:00', () => {
    const t = instantAt('2027-03-08', '09:00');
    expect(new Date(t).toISOString()).toBe('2027-03-08T01:00:00.000Z');
    expect(formatInstant(t)).toBe('2027-03-08T09:00:00+08:00');
  });
  it('parses offsets, Z, and offset-less times as Shanghai time', () => {
    expect(parseInstant('2027-03-01T10:00:00+08:00')).toBe(Date.parse('2027-03-01T02:00:00Z'));
    expect(parseInstant('2027-03-01T02:00:00Z')).toBe(Date.parse('2027-03-01T02:00:00Z'));
    expect(parseInstant('2027-03-01T10:00')).toBe(Date.parse('2027-03-01T02:00:00Z'));
    expect(parseInstant('2027-02-30T10:00:00+08:00')).toBeUndefined();
    expect(parseInstant('tomorrow')).toBeUndefined();
  });
  it('knows real dates and weekdays', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2027-02-29')).toBe(false);
    expect(isoWeekday('2027-03-06')).toBe(6);
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
  });
});
