// CI smoke on the Node.js first on PATH: the README's `npm start` up to its banner and a clean Ctrl-C,
// then one `npx anwei simulate` of the demo scenario. It loads both native modules (Temporal core bridge,
// libsql) and the engine, in minutes; the whole suite runs on Node 24 only. Plain JavaScript, any Node.
// Usage, from the project folder after `npm install`: node .ci/smoke.mjs

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BANNER = /anwei 已启动：.*\n(?:.*\n)*?  按 Ctrl-C 停止；再次 npm start 会从停下的地方继续。\n/;
const SUMMARY = /共 \d+ 条通知，\d+ 封邮件，3 项隐患，\d+ 项任务。/;
const say = (line) => console.log(`CI 冒烟检查（Node.js ${process.version}）：${line}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A command in its own process group (as a terminal runs it), its output collected. */
function launch(command, args, env) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const run = { child, output: '' };
  child.stdout.on('data', (chunk) => (run.output += chunk));
  child.stderr.on('data', (chunk) => (run.output += chunk));
  run.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return run;
}

function within(ms, promise, what) {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}：${ms / 1000} 秒内没有完成`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function waitFor(run, pattern, ms, what) {
  return within(
    ms,
    new Promise((resolve, reject) => {
      const check = () => (pattern.test(run.output) ? resolve() : undefined);
      run.child.stdout.on('data', check);
      run.child.stderr.on('data', check);
      void run.exited.then((code) => reject(new Error(`${what}：进程提前退出（${code}）`)));
      check();
    }),
    what,
  );
}

function stop(run) {
  try {
    process.kill(-run.child.pid, 'SIGKILL');
  } catch {
    // the whole group has ended already
  }
}

async function smokeStart(env) {
  const started = Date.now();
  const run = launch('npm', ['start'], env);
  try {
    await waitFor(run, BANNER, 300_000, 'npm start 打印启动信息');
    process.kill(-run.child.pid, 'SIGINT');
    const code = await within(120_000, run.exited, 'Ctrl-C 后 npm start 退出');
    // npm passes the terminal's SIGINT on as its own end; the engine's clean stop shows in its last line.
    if ((code !== 0 && code !== 'SIGINT') || !run.output.includes('anwei 已停止。')) {
      throw new Error(`Ctrl-C 后 npm start 没有正常停止（退出：${code}）`);
    }
  } catch (error) {
    console.log(run.output);
    stop(run);
    throw error;
  }
  say(`npm start 启动并在 Ctrl-C 后正常退出（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
}

async function smokeSimulate(env) {
  const started = Date.now();
  const run = launch('npx', ['anwei', 'simulate', 'examples/demo-scenario.yaml'], env);
  let summary;
  try {
    const code = await within(300_000, run.exited, 'anwei simulate');
    summary = SUMMARY.exec(run.output);
    if (code !== 0 || !summary) throw new Error(`anwei simulate 的退出码是 ${code}${summary ? '' : '，输出里没有结果汇总'}`);
  } catch (error) {
    console.log(run.output);
    stop(run);
    throw error;
  }
  say(`anwei simulate examples/demo-scenario.yaml：${summary[0]}（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
}

const data = mkdtempSync(join(tmpdir(), 'anwei-smoke-'));
// Only what a new user has: no settings of the shell that runs CI, a data folder and ports of its own.
const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(ANWEI_|TEMPORAL_|DATABASE_URL$|SMTP_URL$)/.test(key)));
const env = {
  ...base,
  ANWEI_DATA_DIR: data,
  ANWEI_TEMPORAL_PORT: String(await freePort()),
  ANWEI_TEMPORAL_UI_PORT: String(await freePort()),
};
try {
  await smokeStart(env);
  await smokeSimulate(env);
} catch (error) {
  say(`失败：${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(data, { recursive: true, force: true });
}
