#!/usr/bin/env node
// A pinned Node.js LTS (package.json "anwei": node24 / node26) for CI and the edit loop, with no global
// install: the official binary from the npm registry (package node-<os>-<cpu>) installed into .tools/.
// Plain JavaScript: it runs on whatever Node the machine has.
//
//   node scripts/pinned-node.mjs 24 npm test    runs the command with Node 24 first on PATH (.ci/run)
//   npm run node24 -- npm test                  the same, for contributors (README, 开发)

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// On stderr, so a command's own output stays as it is.
const say = (line) => console.error(`anwei Node.js: ${line}`);

function pinnedNode(major) {
  const version = pkg.anwei[`node${major}`];
  if (!version) {
    const known = Object.keys(pkg.anwei).filter((key) => /^node\d+$/.test(key)).map((key) => key.slice(4));
    throw new Error(`没有固定版本的 Node.js ${major}：package.json 的 anwei 一节只有 ${known.join('、')}`);
  }
  const binary = `node-${process.platform}-${process.arch}`;
  const prefix = join(root, '.tools', `node-${version}`);
  const home = join(prefix, 'node_modules', binary);
  return { version, binary, prefix, home, bin: join(home, 'bin'), node: join(home, 'bin', 'node') };
}

function isInstalled(pinned) {
  const r = spawnSync(pinned.node, ['--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === `v${pinned.version}`;
}

function install(pinned) {
  if (isInstalled(pinned)) return;
  say(`安装 Node.js ${pinned.version}：npm install ${pinned.binary}@${pinned.version} → ${relative(root, pinned.prefix)}/`);
  const r = spawnSync('npm', ['install', '--prefix', pinned.prefix, '--no-audit', '--no-fund', `${pinned.binary}@${pinned.version}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0 || !isInstalled(pinned)) {
    const reason = (r.stderr || '').trim().split('\n').slice(-3).join(' ');
    throw new Error(
      `安装 Node.js ${pinned.version} 失败（${reason || `退出码 ${r.status}`}）。请检查能否访问 npm 源（npm config get registry）；` +
        `npm 源没有 ${pinned.binary} 的机器请自行安装 Node.js ${pinned.version.split('.')[0]}，放在 PATH 最前。`,
    );
  }
}

/** Runs the command as if typed in a shell whose PATH starts with the pinned Node; resolves with its exit code. */
function runWith(pinned, [command, ...args]) {
  const env = { ...process.env, PATH: `${pinned.bin}${delimiter}${process.env.PATH ?? ''}` };
  // An `npm run` that started us points these at its own Node; native builds (node-gyp) read nodedir for headers.
  for (const name of ['NODE', 'npm_node_execpath']) if (env[name]) env[name] = pinned.node;
  env.npm_config_nodedir = pinned.home;
  say(`使用 Node.js ${pinned.version}（${relative(root, pinned.bin)}，PATH 最前）：${[command, ...args].join(' ')}`);
  const child = spawn(command, args, { stdio: 'inherit', env });
  // Ctrl-C reaches the command from the terminal itself; a SIGTERM sent to this process alone is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolve) => {
    child.once('error', (error) => {
      say(`无法运行 ${command}：${error.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(code ?? 128 + (constants.signals[signal] ?? 0)));
  });
}

const [major, ...command] = process.argv.slice(2);
try {
  if (!major || !/^\d+$/.test(major) || command.length === 0) {
    throw new Error('用法：npm run node24 -- <命令 参数…>，或 node scripts/pinned-node.mjs <主版本，如 24> <命令 参数…>');
  }
  const pinned = pinnedNode(major);
  install(pinned);
  process.exitCode = await runWith(pinned, command);
} catch (error) {
  say(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
