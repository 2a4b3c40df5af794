// Contract §7, for every hazard and duty notice kind: a recipient's copy carries exactly their buttons —
// the same addresses, in the same order, as URLs in the text part and as links in the HTML part — and
// asks nobody to run a command. Which buttons a recipient gets is decided in domain/links.ts (links.test.ts);
// here every kind's renderer shows them.

import { describe, expect, it } from 'vitest';
import { renderHazardNotice } from '../../activities/mail/render-hazard.ts';
import { renderTaskNotice } from '../../activities/mail/render-task.ts';
import { LINK_LABELS, linkMakerFrom, type LinkAction, type LinkGrant } from '../../domain/links.ts';
import { TASK_NOTICE_KINDS, type TaskNoticeView } from '../../domain/task.ts';
import { parseInstant } from '../../domain/time.ts';
import { CASES } from '../support/mail-fixtures.ts';
import { committeeMeeting, villageReport } from '../support/task-specs.ts';

const maker = linkMakerFrom((grant, action) => `https://anwei.example/a/${grant.who}.${grant.id}${action === 'view' ? '' : `/${action}`}`);
const EXPIRES = Date.parse('2030-12-31T04:00:00Z');

/** Every action a §7 row can offer, so each renderer is seen with its fullest set. */
const ROW: Array<[RegExp, LinkAction[]]> = [
  [/^hazard\.(assigned|reminder|overdue|rejected|extension_decided)$/, ['submit', 'extend']],
  [/^hazard\.escalation$/, ['ack']],
  [/^hazard\.extension_requested$/, ['decide']],
  [/^hazard\.verification_(requested|overdue)$/, ['verify']],
  [/^(duty\.|meeting\.invite$)/, ['complete']],
];
const actionsOf = (kind: string) => ROW.find(([pattern]) => pattern.test(kind))?.[1] ?? [];

/** The links of the text part: `按钮：URL` lines under 以下链接仅供…; of the HTML part: its anchors. */
function textLinks(text: string): Array<[string, string]> {
  const block = text.split(/以下链接仅供.+本人办理使用，请勿转发：\n/)[1]?.split(/\n\s*链接有效至/)[0] ?? '';
  return [...block.matchAll(/^\s+(\S+?)：(https:\S+)$/gm)].map((m) => [m[1]!, m[2]!]);
}
const htmlLinks = (html: string): Array<[string, string]> => [...html.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[2]!, m[1]!]);

function expectExactly(rendered: { text: string; html: string }, grant: LinkGrant) {
  const expected = maker.buttons(grant).map((b): [string, string] => [b.label, b.url!]);
  expect(expected.at(-1)![0]).toBe(LINK_LABELS.view);
  expect(textLinks(rendered.text)).toEqual(expected);
  expect(htmlLinks(rendered.html)).toEqual(expected);
  for (const part of [rendered.text, rendered.html]) expect(part).not.toMatch(/\banwei |--by\b|npm /);
}

describe('every notice kind carries its recipient’s links, in text and HTML alike, and no command', () => {
  for (const [name, view] of Object.entries(CASES)) {
    it(`${view.kind} (${name}): each recipient’s own copy`, () => {
      for (const recipient of view.recipients) {
        const grant: LinkGrant = { who: recipient.personId ?? 'principal', kind: 'hazard', id: view.hazard.id, actions: actionsOf(view.kind), expiresAt: EXPIRES };
        expectExactly(renderHazardNotice(view, { recipient, buttons: maker.buttons(grant), expiresAt: EXPIRES }), grant);
      }
    });
  }

  const at = (when: string) => parseInstant(`${when}:00+08:00`)!;
  for (const kind of TASK_NOTICE_KINDS) {
    it(`${kind}: the assignee’s copy`, () => {
      const spec = kind === 'meeting.invite' ? committeeMeeting() : villageReport();
      const recipient = { personId: 'vs', name: '监督员辛', email: 'vs@town.example' };
      const view: TaskNoticeView = {
        kind,
        key: `${spec.id}:step`,
        at: at('2030-09-09T09:00'),
        town: '测试镇',
        spec,
        facts: { due: spec.due, dueTrace: spec.dueTrace, daysOverdue: 3, workdaysOverdue: 3 },
        recipients: [recipient],
        scopeName: '一村',
        responsible: { assignee: '监督员辛', level1: '副镇长壬' },
        names: { vs: '监督员辛' },
        policy: { noticeTime: '09:00', reminderWorkdaysBefore: 1, escalationWorkdays: 3 },
        ...(kind === 'duty.escalation' ? { level: 1 } : {}),
      } as TaskNoticeView;
      const grant: LinkGrant = { who: 'vs', kind: 'task', id: spec.id, actions: actionsOf(kind), expiresAt: EXPIRES };
      expectExactly(renderTaskNotice(view, { recipient, buttons: maker.buttons(grant), expiresAt: EXPIRES }), grant);
    });
  }
});
