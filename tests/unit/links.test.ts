// Action links (contract §7): which buttons each recipient of each notice gets, and the signed tokens that
// carry them — forged, changed and expired tokens are refused.

import { describe, expect, it } from 'vitest';
import { campaignLinkActions, hazardLinkActions, linkExpiry, taskLinkActions, unsignedLinks, type HazardLinkState } from '../../domain/links.ts';
import { LinkSigner } from '../../web/links.ts';

const open: HazardLinkState = { status: 'open', canExtend: true, pendingExtension: false };
const noMoreTime: HazardLinkState = { status: 'open', canExtend: false, pendingExtension: false };
const submitted: HazardLinkState = { status: 'submitted', canExtend: false, pendingExtension: false, submittedBy: 'principal' };

describe('the §7 table: what each recipient of a hazard notice may do', () => {
  for (const kind of ['hazard.assigned', 'hazard.reminder', 'hazard.overdue', 'hazard.rejected', 'hazard.extension_decided']) {
    it(`${kind}: the principal and the inspector 提交整改, 申请延期 only while one can still be asked for; a leader only looks`, () => {
      expect(hazardLinkActions(kind, 'principal', ['principal'], open)).toEqual(['submit', 'extend']);
      expect(hazardLinkActions(kind, 'zhaolei', ['sector_inspector'], open)).toEqual(['submit', 'extend']);
      expect(hazardLinkActions(kind, 'principal', ['principal'], noMoreTime)).toEqual(['submit']);
      expect(hazardLinkActions(kind, 'zhoujg', ['sector_leader'], open)).toEqual([]);
    });
  }

  it('hazard.escalation: the leaders it goes to 签收督办; the inspector copied only looks', () => {
    for (const role of ['sector_leader', 'town_head', 'party_secretary'] as const) expect(hazardLinkActions('hazard.escalation', 'x', [role], open)).toEqual(['ack']);
    expect(hazardLinkActions('hazard.escalation', 'zhaolei', ['sector_inspector'], open)).toEqual([]);
  });

  it('hazard.extension_requested: the sector leader 审批延期 while the request waits', () => {
    expect(hazardLinkActions('hazard.extension_requested', 'zhoujg', ['sector_leader'], { ...open, pendingExtension: true })).toEqual(['decide']);
    expect(hazardLinkActions('hazard.extension_requested', 'zhoujg', ['sector_leader'], open)).toEqual([]);
  });

  it('复查 goes to the inspector and a leader the notice reaches, never to the one who submitted', () => {
    expect(hazardLinkActions('hazard.verification_requested', 'zhaolei', ['sector_inspector'], submitted)).toEqual(['verify']);
    expect(hazardLinkActions('hazard.verification_overdue', 'zhoujg', ['sector_leader'], submitted)).toEqual(['verify']);
    expect(hazardLinkActions('hazard.verification_requested', 'zhoujg', ['sector_leader'], { ...submitted, submittedBy: 'zhaolei' })).toEqual(['verify']);
    expect(hazardLinkActions('hazard.verification_requested', 'principal', ['principal'], submitted)).toEqual([]);
    expect(hazardLinkActions('hazard.verification_requested', 'zhaolei', ['sector_inspector'], { ...submitted, submittedBy: 'zhaolei' })).toEqual([]);
  });

  it('a closed hazard, and every other notice, gives 查看详情 only', () => {
    expect(hazardLinkActions('hazard.assigned', 'principal', ['principal'], { ...open, status: 'closed' })).toEqual([]);
    expect(hazardLinkActions('hazard.closed', 'principal', ['principal'], { ...open, status: 'closed' })).toEqual([]);
    expect(hazardLinkActions('hazard.major_listed', 'chenzy', ['town_head'], open)).toEqual([]);
    expect(unsignedLinks.buttons({ who: 'chenzy', kind: 'hazard', id: 'H1', actions: [], expiresAt: 0 })).toEqual([{ action: 'view', label: '查看详情' }]);
  });
});

describe('the §7 table: duty tasks and campaigns', () => {
  it('the assignee of an open task 登记完成 from every duty notice and the meeting invitation; a leader escalated to only looks', () => {
    for (const kind of ['duty.assigned', 'duty.reminder', 'duty.overdue', 'duty.escalation', 'meeting.invite']) {
      expect(taskLinkActions(kind, ['assignee'], true)).toEqual(['complete']);
      expect(taskLinkActions(kind, ['assignee'], false)).toEqual([]);
    }
    expect(taskLinkActions('duty.escalation', ['village_leader'], true)).toEqual([]);
    expect(taskLinkActions('meeting.invite', ['attendees'], true)).toEqual([]);
  });

  it("a campaign's inspector gets their list (登记完成) and 上报隐患 from assigned, reminder and overdue", () => {
    for (const kind of ['campaign.assigned', 'campaign.reminder', 'campaign.overdue']) expect(campaignLinkActions(kind, ['sector_inspector'], true)).toEqual(['complete', 'report']);
    expect(campaignLinkActions('campaign.started', ['sector_inspector'], true)).toEqual([]);
    expect(campaignLinkActions('campaign.assigned', [], true)).toEqual([]);
  });

  it('buttons come in the order of the table, 查看详情 last', () => {
    expect(unsignedLinks.buttons({ who: 'p', kind: 'hazard', id: 'H1', actions: ['submit', 'extend'], expiresAt: 0 }).map((b) => b.label)).toEqual(['提交整改', '申请延期', '查看详情']);
  });
});

describe('signed links', () => {
  const secret = Buffer.alloc(32, 7);
  const signer = new LinkSigner(secret, 'https://anwei.example/town/');
  const now = Date.parse('2030-09-10T01:00:00Z');
  const grant = { who: 'zhaolei', kind: 'hazard' as const, id: 'YH-2030-0001', actions: ['verify' as const], expiresAt: linkExpiry(now) };

  it('a token carries its grant back; links are under ANWEI_PUBLIC_URL, one token per person and item', () => {
    const token = signer.sign(grant);
    expect(signer.verify(token, now)).toEqual({ grant: { ...grant, expiresAt: Math.floor(grant.expiresAt / 1000) * 1000 } });
    const [verify, view] = signer.maker().buttons(grant);
    expect(verify).toEqual({ action: 'verify', label: '复查', url: `https://anwei.example/town/a/${token}/verify` });
    expect(view).toEqual({ action: 'view', label: '查看详情', url: `https://anwei.example/town/a/${token}` });
  });

  it('is refused when forged, changed, signed with another secret, or past its 30 days', () => {
    const token = signer.sign(grant);
    const [payload, mac] = token.split('.') as [string, string];
    const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), w: 'principal' })).toString('base64url');
    expect(signer.verify(`${changed}.${mac}`, now)).toEqual({ refused: 'forged' });
    expect(signer.verify(`${payload}.${mac.slice(0, -2)}xx`, now)).toEqual({ refused: 'forged' });
    expect(signer.verify('not-a-token', now)).toEqual({ refused: 'forged' });
    expect(new LinkSigner(Buffer.alloc(32, 8), 'https://anwei.example').verify(token, now)).toEqual({ refused: 'forged' });
    expect(signer.verify(token, now + 30 * 86_400_000)).toEqual({ refused: 'expired' });
    expect(signer.verify(token, now + 30 * 86_400_000 - 1000)).toHaveProperty('grant');
  });
});
