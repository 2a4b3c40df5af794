// `anwei start` and `anwei simulate`: the engine run for real, or a scenario run on the time-skipping
// server with a scratch database and captured mail. Each loads the engine when it runs.

import type { Command } from 'commander';
import { out } from './cli-common.ts';

export function addStartCommand(program: Command): void {
  program
    .command('start')
    .description('启动引擎：Temporal 开发服务器、数据库、工作进程（npm start 即运行此命令）')
    .addHelpText(
      'after',
      [
        '',
        '环境变量（都可不设）：',
        '  ANWEI_DATA_DIR          数据目录（默认 .data/）：开发服务器数据、SQLite 数据库、发件箱',
        '  DATABASE_URL            数据库（默认 <数据目录>/anwei.db）；postgresql://… 使用 PostgreSQL',
        '  TEMPORAL_ADDRESS        连接已有的 Temporal（不再启动自带的开发服务器）',
        '  TEMPORAL_NAMESPACE      Temporal 命名空间（默认 default）',
        '  ANWEI_TEMPORAL_PORT     自带开发服务器的端口（默认 7233）；在另一个终端运行 anwei hazard … 时也要设成同一个值',
        '  ANWEI_TEMPORAL_UI_PORT  开发服务器网页界面的端口（默认为上一项加 1000）',
        '  ANWEI_PROFILE           启动时载入的档案（文件有变化才载入；默认新数据库载入 examples/demo-town.yaml）',
        '  SMTP_URL                真实发送邮件，如 smtps://用户:密码@smtp.example.com:465（默认写入发件箱文件夹的 .eml 文件）',
        '  ANWEI_MAIL_FROM         发件人地址',
        '  ANWEI_TASK_QUEUE        任务队列名（默认 anwei）',
        '同一台机器同时运行两个引擎时，给第二个设不同的 ANWEI_DATA_DIR 和 ANWEI_TEMPORAL_PORT。',
      ].join('\n'),
    )
    .action(async () => {
      const { start } = await import('./start.ts');
      await start();
    });
}

export function addSimulateCommand(program: Command): void {
  program
    .command('simulate <scenario>')
    .description('用时间跳跃服务器预演一段时间：真实的工作流和邮件，临时数据库，不发出任何邮件')
    .option('--json', '输出 JSON（通知、隐患、任务、专项行动、警告）')
    .action(async (file: string, o: { json?: boolean }) => {
      const [{ quietTemporalLogs }, { simulate }, { simulationText }] = await Promise.all([
        import('../worker/index.ts'),
        import('./simulate.ts'),
        import('./format.ts'),
      ]);
      // The time-skipping server lacks features the worker warns about; those warnings only confuse.
      quietTemporalLogs(process.env.ANWEI_DEBUG ? 'WARN' : 'ERROR');
      const result = await simulate(file, { log: (line) => process.stderr.write(`${line}\n`) });
      if (o.json) out(JSON.stringify(result));
      else out(simulationText(result));
    });
}
