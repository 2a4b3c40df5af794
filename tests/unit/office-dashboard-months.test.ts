// 看板's per-month charts: the last twelve months end with today's, across a year's end.

import { describe, expect, it } from 'vitest';
import { lastMonths } from '../../web/office/dashboard.ts';

describe('看板 months', () => {
  it('are the twelve months up to today’s, oldest first, across the turn of the year', () => {
    expect(lastMonths('2031-01-15')).toEqual(['2030-02', '2030-03', '2030-04', '2030-05', '2030-06', '2030-07', '2030-08', '2030-09', '2030-10', '2030-11', '2030-12', '2031-01']);
    expect(lastMonths('2030-12-31', 3)).toEqual(['2030-10', '2030-11', '2030-12']);
  });
});
