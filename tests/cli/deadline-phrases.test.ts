// A deadline typed as people write it — `--deadline 五个工作日`, `--due 十五个工作日` — taken by every command
// that takes one (hazard report, extend, a failed verification, campaign start), each reply showing the due
// date computed from it and echoing what was typed and what it was read as. The real `anwei` in its own
// process, against the whole engine on the time-skipping server.

import { describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../support/engine.ts';
import { anwei, type Run } from './support.ts';

/** The engine's settings for a command in another terminal. */
const settings = (engine: Engine) => ({ DATABASE_URL: engine.databaseUrl, TEMPORAL_ADDRESS: engine.env.address, ANWEI_TASK_QUEUE: engine.gateway.taskQueue });

function ok(run: Run): string {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  return run.stdout;
}

describe('deadlines as people write them', () => {
  it('report --deadline 五个工作日, extend --deadline 三个工作日, verify --deadline 十天, campaign --due 十五个工作日: each accepted and echoed with its due date', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    const cli = (...args: string[]) => anwei(args, settings(engine), 120_000);

    const reported = ok(await cli('hazard', 'report', '--id', 'H1', '--enterprise', 'e1', '--description', '消防通道堵塞', '--by', 'insp', '--deadline', '五个工作日'));
    const due = /\n {2}整改期限：(\d{4}-\d\d-\d\d)\n/.exec(reported)?.[1];
    expect(due, reported).toBeDefined();
    expect(reported).toMatch(new RegExp(`\n {2}期限计算：5 个工作日: \\d{4}-\\d\\d-\\d\\d 之后第5个工作日 = ${due}`));
    expect(reported).toMatch(/\n {2}所填期限：五个工作日，即 5 个工作日\n$/);

    const extended = ok(await cli('hazard', 'extend', 'H1', '--reason', '需要采购防火门', '--deadline', '三 个工作日'));
    expect(extended).toMatch(new RegExp(`\n {2}延期申请：至 (\\d{4}-\\d\\d-\\d\\d)（待审批；3 个工作日: ${due} 之后第3个工作日 = \\1`));
    expect(extended).toMatch(/\n {2}所填期限：三 个工作日，即 3 个工作日\n$/);

    ok(await cli('hazard', 'report', '--id', 'H2', '--enterprise', 'e2', '--description', '灭火器过期', '--by', 'insp', '--workdays', '3'));
    ok(await cli('hazard', 'submit', 'H2', '--evidence', '已更换灭火器'));
    const failed = ok(await cli('hazard', 'verify', 'H2', '--by', 'insp', '--result', 'fail', '--deadline', '十天'));
    const newDue = /\n {2}整改期限：(\d{4}-\d\d-\d\d)\n/.exec(failed)?.[1];
    expect(failed).toMatch(new RegExp(`\n {2}期限计算：10 日: \\d{4}-\\d\\d-\\d\\d 之后第10日 = .*${newDue}`));
    expect(failed).toMatch(/\n {2}所填期限：十天，即 10 日（日历日，逢休息日顺延）\n$/);

    const campaign = ok(await cli('campaign', 'start', '--template', 'special', '--id', 'SC1', '--title', '专项整治', '--by', 'lead', '--due', '十五个工作日', '--no-wait'));
    expect(campaign).toMatch(/^已启动专项行动 SC1：专项整治，3 家企业，\d{4}-\d\d-\d\d 至 (\d{4}-\d\d-\d\d)（15 个工作日: \d{4}-\d\d-\d\d 之后第15个工作日 = \1/);
    // The echo follows the due date it explains, before who was told.
    expect(campaign).toMatch(/）。\n {2}所填期限：十五个工作日，即 15 个工作日\n/);
  }, 240_000);
});
