// Every hazard notice of contract §3 renders as an email a town office would send: it says what and
// which in the subject, and the body carries the facts, the deadline and how it was computed, who is
// responsible, and what the reader has to do next.

import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../activities/mail/document.ts';
import { renderHazardNotice } from '../../activities/mail/render-hazard.ts';
import { HAZARD_NOTICE_KINDS, type HazardNoticeView } from '../../domain/notices.ts';
import { CASES, EVIDENCE, EXTENSION_TRACE, NEW_TRACE, PLAN, TRACE, at } from '../support/mail-fixtures.ts';

interface Expectation {
  subject: string[];
  /** In the text part and (escaped) in the HTML part. */
  body: string[];
  /** The next step: the words or the exact command the reader needs. */
  next: string[];
}

const H1 = ['东方加油站', '储罐区静电接地损坏', 'H1', '一般隐患', '储罐区2号罐东侧', '危险化学品', '东村', '王建华', '赵磊', '周建国'];
const H2 = ['青山化工有限公司', '液氯储罐区未设置泄漏报警及紧急切断装置', 'H2', '重大事故隐患'];

const EXPECTED: Record<keyof typeof CASES, Expectation> = {
  assigned: {
    subject: ['【隐患整改通知】东方加油站：储罐区静电接地损坏（限3月8日前整改）'],
    body: [...H1, '2027年3月8日（周一）', TRACE, '发现时间：2027-03-01 10:00（排查人：赵磊）'],
    next: ['于2027年3月8日（周一）前整改完毕', '延期申请', '可由您代为提交整改'],
  },
  major_listed: {
    subject: ['【重大事故隐患挂牌督办】青山化工有限公司：液氯储罐区未设置泄漏报警及紧急切断装置（限6月30日前整改）'],
    body: [...H2, '挂牌督办', '2027年6月30日（周三）', '指定日期 2027-06-30', ...Object.keys(PLAN), ...Object.values(PLAN)],
    next: ['按整改方案落实', '停产停业', '复查合格方可销号'],
  },
  reminder: {
    subject: ['【整改到期提醒】', '东方加油站：储罐区静电接地损坏', '3月8日到期'],
    body: [...H1, '2027年3月8日（周一）', TRACE, '距到期还有3天'],
    next: ['于2027年3月8日（周一）前整改完毕', '可由您代为提交整改'],
  },
  overdue: {
    subject: ['【隐患逾期】东方加油站：储罐区静电接地损坏（已逾期2天）'],
    body: [...H1, '2027年3月8日（周一）', TRACE, '已逾期2天', '报告分管领导周建国'],
    next: ['立即整改', '可由您代为提交整改', '3个工作日后将报告镇长和党委书记'],
  },
  escalation_1: {
    subject: ['【隐患督办·一级】东方加油站：储罐区静电接地损坏（已逾期2天）'],
    body: [...H1, TRACE, '一级督办（分管领导）', '一岗双责', '您分管的危险化学品领域'],
    next: ['签收本督办', '签收后5个工作日内仍未提交整改的，将继续升级督办', '3个工作日后将报告镇长和党委书记'],
  },
  escalation_2: {
    subject: ['【隐患督办·二级】东方加油站：储罐区静电接地损坏（已逾期7天）'],
    body: [...H1, TRACE, '二级督办（镇长、党委书记）', '党政同责', '已逾期7天（其中工作日5天）'],
    next: ['签收本督办', '一人签收即可'],
  },
  escalation_resumed: {
    subject: ['【隐患督办·二级】', '签收后仍未整改，已逾期10天'],
    body: [...H1, TRACE, '周建国已签收督办', '签收后5个工作日内仍未提交整改', '已由周建国签收'],
    next: ['签收本督办', '一人签收即可'],
  },
  extension_requested: {
    subject: ['【延期申请待审批】东方加油站：储罐区静电接地损坏（申请延至3月19日）'],
    body: [...H1, TRACE, EXTENSION_TRACE, '接地极须重新打设', '2027年3月19日（周五）', '王建华（企业主要负责人）'],
    next: ['审批该延期申请', '照常按逾期督办'],
  },
  extension_approved: {
    subject: ['【延期申请已批准】东方加油站：储罐区静电接地损坏（期限延至3月19日）'],
    body: [...H1, EXTENSION_TRACE, '审批结果：批准', '同意延期，整改期间储罐区暂停卸油作业', '2027年3月19日（周五）'],
    next: ['于新的整改期限2027年3月19日（周五）前整改完毕', '可由您代为提交整改'],
  },
  extension_denied: {
    subject: ['【延期申请未批准】东方加油站：储罐区静电接地损坏（期限仍为3月8日）'],
    body: [...H1, TRACE, '审批结果：不批准', '可先临时敷设接地线'],
    next: ['按原期限2027年3月8日（周一）整改完毕', '可由您代为提交整改'],
  },
  verification_requested: {
    subject: ['【整改待复查】东方加油站：储罐区静电接地损坏（请于3月22日前复查）'],
    body: [...H1, TRACE, EVIDENCE, '2027-03-12 15:00', '2027年3月22日（周一）（提交之日起10日内）'],
    next: ['到现场复查', '登记复查结果'],
  },
  verification_overdue: {
    subject: ['【复查逾期】东方加油站：储罐区静电接地损坏（应于3月22日前复查）'],
    body: [...H1, EVIDENCE, '复查期限2027年3月22日（周一）已过', '安监员赵磊尚未完成现场复查'],
    next: ['督促安监员赵磊立即到现场复查', '另行安排其他人员复查'],
  },
  rejected: {
    subject: ['【复查不通过】东方加油站：储罐区静电接地损坏（重新限期至3月22日）'],
    body: [...H1, EVIDENCE, NEW_TRACE, '复查结果：不合格', '2号罐接地电阻实测12Ω', '新的整改期限：2027年3月22日（周一）'],
    next: ['按复查意见重新整改，于2027年3月22日（周一）前整改完毕', '可由您代为提交整改'],
  },
  closed: {
    subject: ['【隐患销号】东方加油站：储罐区静电接地损坏（整改合格）'],
    body: [...H1, EVIDENCE, '予以销号', '复查销号：2027-03-15 10:00，赵磊', '整改期限：2027年3月8日（周一）'],
    next: ['无需再办理', '举一反三'],
  },
  closed_major: {
    subject: ['【重大事故隐患销号】青山化工有限公司'],
    body: [...H2, '予以销号', '2027年6月30日（周三）'],
    next: ['挂牌督办同时解除'],
  },
};

/** What a value looks like inside the HTML part. */
const inHtml = (value: string) => escapeHtml(value).replace(/\n/g, '<br>');

/** `label：value` is one line of text but a table row in HTML. */
function expectInHtml(html: string, s: string) {
  const row = /^([^：]{2,8})：(.+)$/.exec(s);
  if (!row) return expect(html, `html should contain ${s}`).toContain(inHtml(s));
  const literal = (text: string) => inHtml(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`>${literal(row[1]!)}</th>\\s*<td[^>]*>${literal(row[2]!)}`);
  expect(html, `html should have the row ${s}`).toMatch(pattern);
}

describe('every hazard notice renders with its facts and the next step', () => {
  it('covers every kind of contract §3', () => {
    const kinds = new Set(Object.values(CASES).map((v) => v.kind));
    expect([...kinds].sort()).toEqual([...HAZARD_NOTICE_KINDS].sort());
  });

  for (const [name, view] of Object.entries(CASES)) {
    it(`${name} (${view.kind})`, () => {
      const expected = EXPECTED[name as keyof typeof CASES]!;
      const email = renderHazardNotice(view);
      for (const s of expected.subject) expect(email.subject).toContain(s);
      for (const s of [...expected.body, ...expected.next]) {
        expect(email.text, `text should contain ${s}`).toContain(s);
        expectInHtml(email.html, s);
      }
      // Addressed to the recipients, signed by the office, dated, with the reference id.
      for (const r of view.recipients) expect(email.text).toContain(r.name);
      expect(email.text).toContain('青山镇安委会办公室');
      expect(email.text).toContain('请您办理');
      expect(email.text).toContain(`隐患编号 ${view.hazard.id}`);
      expect(email.subject).not.toMatch(/[\r\n]/);
      for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(/undefined|NaN|\[object/);
      // Nobody who receives a notice is asked to run a command (the office's CLI stays with the office).
      for (const part of [email.text, email.html]) expect(part).not.toMatch(/anwei |--by/);
    });
  }

  it('the text part stands alone: no markup, and as complete as the HTML', () => {
    for (const view of Object.values(CASES)) {
      const { text, html } = renderHazardNotice(view);
      expect(text).not.toMatch(/<\/?[a-z][^>]*>/i);
      expect(text).not.toContain('&amp;');
      // Every table label and value of the HTML appears in the text.
      for (const m of html.matchAll(/<td[^>]*>([^<]*)<\/td>/g)) {
        const value = m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
        expect(text).toContain(value);
      }
    }
  });

  it('is deterministic: the same view gives the same email', () => {
    for (const view of Object.values(CASES)) expect(renderHazardNotice(view)).toEqual(renderHazardNotice(structuredClone(view)));
  });
});

describe('escaping', () => {
  const hostile = '<script>alert("隐患")</script> & 油罐区 <b>\'x\'</b>';
  const view: HazardNoticeView = {
    ...CASES.closed!,
    town: '青山镇<i>',
    hazard: { ...CASES.closed!.hazard, description: hostile, location: 'A&B <区>' },
    enterprise: { ...CASES.closed!.enterprise, name: '东方&<加油站>' },
    facts: {
      ...CASES.closed!.facts,
      submission: { evidence: '照片 <img src=x onerror=alert(1)>\n第二行 & 报告', by: 'principal', at: at('2027-03-12T15:00') },
    },
  };

  it('every value is escaped in the HTML part', () => {
    const { html } = renderHazardNotice(view);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<i>');
    expect(html).not.toContain('<区>');
    expect(html).toContain('&lt;script&gt;alert(&quot;隐患&quot;)&lt;/script&gt; &amp; 油罐区 &lt;b&gt;&#39;x&#39;&lt;/b&gt;');
    expect(html).toContain('A&amp;B &lt;区&gt;');
    expect(html).toContain('东方&amp;&lt;加油站&gt;');
    // A line break in a value stays a line break.
    expect(html).toContain('照片 &lt;img src=x onerror=alert(1)&gt;<br>第二行 &amp; 报告');
    // No bare ampersand outside an entity.
    expect(html).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
  });

  it('the text part and the subject keep the values as written', () => {
    const { text, subject } = renderHazardNotice(view);
    expect(text).toContain(hostile);
    expect(text).toContain('照片 <img src=x onerror=alert(1)>');
    expect(text).toContain('        第二行 & 报告'); // the continuation line lines up under the value
    expect(subject).toContain('东方&<加油站>');
  });
});

describe('wording in edge cases', () => {
  it('a long description is cut in the subject but whole in the body', () => {
    const description = '加油机下方油气回收管线法兰连接处渗漏，地面有明显油迹，且周边未设置围堰和吸附材料，存在火灾爆炸风险';
    const email = renderHazardNotice({ ...CASES.overdue!, hazard: { ...CASES.overdue!.hazard, description } });
    expect(email.subject).toContain(`${[...description].slice(0, 30).join('')}…`);
    expect(email.subject).not.toContain(description);
    expect(email.text).toContain(description);
  });

  it('renders without the optional parts: location, village, names, policy', () => {
    const { location: _l, ...hazard } = CASES.escalation_resumed!.hazard;
    const { village: _v, names: _n, policy: _p, ...rest } = CASES.escalation_resumed!;
    const email = renderHazardNotice({ ...rest, hazard });
    expect(email.text).not.toContain('隐患部位');
    expect(email.text).not.toContain('所在村');
    expect(email.text).toContain('zhoujg已签收督办'); // the id, when the name is unknown
    expect(email.text).toContain('签收后规定期限内仍未提交整改');
    for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(/undefined|NaN/);
  });

  it('the principal of a 重大 hazard gets the six-part plan and is told of the listing', () => {
    const view: HazardNoticeView = {
      ...CASES.assigned!,
      hazard: { ...CASES.major_listed!.hazard },
      enterprise: { ...CASES.major_listed!.enterprise },
      facts: { due: '2027-06-30', dueTrace: '指定日期 2027-06-30（周三）' },
    };
    const email = renderHazardNotice(view);
    expect(email.subject).toBe('【重大事故隐患整改通知】青山化工有限公司：液氯储罐区未设置泄漏报警及紧急切断装置（限6月30日前整改）');
    expect(email.text).toContain('已列入挂牌督办');
    for (const [part, text] of Object.entries(PLAN)) expect(email.text).toContain(`${part}：${text}`);
  });

  it('a 重大 hazard escalates the next day, and says so', () => {
    const view: HazardNoticeView = {
      ...CASES.escalation_1!,
      hazard: { ...CASES.major_listed!.hazard },
      enterprise: { ...CASES.major_listed!.enterprise },
      facts: { ...CASES.escalation_1!.facts, due: '2027-06-30', dueTrace: '指定日期 2027-06-30（周三）', daysOverdue: 1 },
    };
    const email = renderHazardNotice(view);
    expect(email.subject).toMatch(/^【重大隐患督办·一级】青山化工有限公司/);
    expect(email.text).toContain('1天后将报告镇长和党委书记');
  });

  it('an inspector who recorded the submission is told someone else must verify', () => {
    const base = CASES.verification_requested!;
    const view: HazardNoticeView = {
      ...base,
      facts: { ...base.facts, submission: { ...base.facts.submission!, by: 'zhaolei' } },
    };
    expect(renderHazardNotice(view).text).toContain('须由其他人员复查');
    expect(renderHazardNotice(base).text).not.toContain('须由其他人员复查');
  });

  it('a denial after the due date says the old deadline has passed', () => {
    const email = renderHazardNotice({ ...CASES.extension_denied!, at: at('2027-03-09T10:00') });
    expect(email.text).toContain('原期限2027年3月8日（周一）已过，请立即整改');
  });

  it('the reminder on the eve of the deadline says tomorrow', () => {
    const email = renderHazardNotice({ ...CASES.reminder!, at: at('2027-03-07T09:00') });
    expect(email.text).toContain('明天到期');
  });

  it("one recipient's copy greets them alone and carries their buttons with addresses, in text and HTML; without addresses none", () => {
    const view = CASES.escalation_2!;
    const [first, second] = view.recipients;
    const buttons = [
      { action: 'ack' as const, label: '签收督办', url: 'https://anwei.example/a/tok1/ack' },
      { action: 'view' as const, label: '查看详情', url: 'https://anwei.example/a/tok1' },
    ];
    const email = renderHazardNotice(view, { recipient: first!, buttons, expiresAt: Date.parse('2027-04-10T01:00:00Z') });
    expect(email.text).toContain(`${first!.name}：`);
    expect(email.text).not.toContain(`${second!.name}：`);
    expect(email.text).toContain(`以下链接仅供${first!.name}本人办理使用，请勿转发：`);
    expect(email.text).toContain('签收督办：https://anwei.example/a/tok1/ack');
    expect(email.text).toContain('查看详情：https://anwei.example/a/tok1');
    expect(email.text).toContain('链接有效至2027年4月10日');
    expect(email.html).toContain('<a href="https://anwei.example/a/tok1/ack"');
    expect(email.html).toContain('>签收督办</a>');
    expect(email.html).toContain('>查看详情</a>');
    const unsigned = renderHazardNotice(view, { recipient: first!, buttons: buttons.map(({ url: _u, ...b }) => b), expiresAt: 0 });
    expect(unsigned.text).not.toContain('以下链接');
    expect(unsigned.html).not.toContain('<a href');
  });
});
