#!/usr/bin/env node
// The `anwei` command: runs the compiled CLI in dist/ (built by `npm install` / `npm run build`).
// Before loading it, three settings that shorten every command's start (measured in docs/cli.md).
import { existsSync } from 'node:fs';
import module from 'node:module';
import v8 from 'node:v8';

// Node 22.1+: V8's compiled code of the CLI and its packages is kept between runs (node's temporary folder).
module.enableCompileCache?.();

// Node 20's V8 recompiles Prisma's query compiler (WebAssembly) with its optimizing tier after a few
// queries, which costs a short command about 0.3 s of CPU it never earns back; later V8s (Node 24) wait
// for this budget by default.
v8.setFlagsFromString('--wasm-tiering-budget=13000000');

// anwei's SQLite is always a local file (prisma/client.ts accepts only file: URLs), but Prisma's libsql
// adapter imports all of @libsql/client, whose HTTP and WebSocket clients for remote databases take about
// 50 ms to load. Where node can redirect an import in its own thread (22.15+), the adapter gets the
// local-file client alone; the same createClient, for file: URLs the same client.
module.registerHooks?.({
  resolve: (specifier, context, next) =>
    next(specifier === '@libsql/client' && context.parentURL?.includes('/node_modules/@prisma/adapter-libsql/') ? '@libsql/client/sqlite3' : specifier, context),
});

const cli = new URL('../dist/client/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('错误：找不到编译好的程序（dist/）。请先在项目目录运行 npm install（或 npm run build）。');
  process.exit(1);
}
const { main } = await import(cli.href);
const code = await main(process.argv);
// Temporal's native connection can keep the event loop alive: leave once output is flushed.
process.stdout.write('', () => process.exit(code));
