#!/usr/bin/env node
// The `anwei` command: runs the compiled CLI in dist/ (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/client/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('错误：找不到编译好的程序（dist/）。请先在项目目录运行 npm install（或 npm run build）。');
  process.exit(1);
}
const { main } = await import(cli.href);
const code = await main(process.argv);
// Temporal's native connection can keep the event loop alive: leave once output is flushed.
process.stdout.write('', () => process.exit(code));
