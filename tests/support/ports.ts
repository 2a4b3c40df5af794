// The ports the tests' and benchmarks' servers listen on (Temporal dev servers, SMTP servers, engines): picked
// at random below the kernel's ephemeral range and checked free. A port the kernel hands out for bind(0) and
// the test then releases goes back to the range every process draws from — another test file's servers, a
// Temporal dev server choosing its own HTTP, metrics and internal ports — and was once taken before the
// test's server bound it (a dev server's web UI port, in CI on 2026-12-04: the server exited 1). Below that
// range the kernel never hands a port out by itself, so only another caller of this can pick the same one.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The lowest port handed out: above the well-known and most registered services' ports. */
const LOWEST = 10_000;
/** Ports this process has handed out: never twice. */
const handedOut = new Set<number>();

/** The first port of the kernel's ephemeral range (Linux; 32768 elsewhere, the usual default). */
function ephemeralStart(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > 0 ? first : 32_768;
  } catch {
    return 32_768;
  }
}

/** Read once, when the module loads. */
const EPHEMERAL_START = ephemeralStart();

/** Listens on `port` (0: any the kernel gives) on 127.0.0.1 and releases it; the port, or undefined if it is taken. */
function probe(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const got = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(got));
    });
  });
}

/** A TCP port on 127.0.0.1 nothing listens on now, and one no other caller of this process gets. */
export async function freePort(): Promise<number> {
  const below = EPHEMERAL_START;
  for (let attempt = 0; below - LOWEST >= 1_000 && attempt < 50; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (below - LOWEST));
    if (handedOut.has(port)) continue;
    if ((await probe(port)) === port) {
      handedOut.add(port);
      return port;
    }
  }
  // No room below the range (or all tried were taken): the kernel's choice, as before.
  const port = await probe(0);
  if (port === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return port;
}
