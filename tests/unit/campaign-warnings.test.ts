// What is odd about a campaign's start but not wrong: a template that belongs to a month, started in another.

import { describe, expect, it } from 'vitest';
import { campaignStartWarnings } from '../../domain/campaign.ts';

describe('campaign start warnings', () => {
  it('warn of a 安全生产月 started outside June, and of nothing else', () => {
    expect(campaignStartWarnings({ id: 'SM2027', template: 'safety_month', opensOn: '2027-06-01' })).toEqual([]);
    expect(campaignStartWarnings({ id: 'SM2027', template: 'safety_month', opensOn: '2027-06-30' })).toEqual([]);
    expect(campaignStartWarnings({ id: 'SM2027', template: 'safety_month', opensOn: '2027-05-31' })).toEqual([
      '专项行动 SM2027 用的是安全生产月模板（safety_month），启动日期 2027-05-31 却不在 6 月：默认标题和检查清单按安全生产月写，请确认模板和日期',
    ]);
    for (const template of ['holiday_check', 'hundred_days', 'special'] as const) {
      expect(campaignStartWarnings({ id: 'X', template, opensOn: '2027-03-01' })).toEqual([]);
    }
  });
});
