// The CLI knows at once that nothing listens at the engine's address (a refused connection), rather than
// after the gRPC connection's 3 s timeout: `anwei profile load` with the engine stopped, and every command
// that looks for the engine, say so straight away.

import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TemporalUnavailableError } from '../../client/errors.ts';
import { connectClient, connectionRefused } from '../../client/temporal.ts';
import { freePort } from '../support/ports.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('connectionRefused', () => {
  it('is true for a port nothing listens on, and connectClient says so in zh-CN', async () => {
    const port = await freePort();
    expect(await connectionRefused(`127.0.0.1:${port}`)).toBe(true);
    const error = await connectClient({ address: `127.0.0.1:${port}`, namespace: 'default' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporalUnavailableError);
    expect((error as Error).message).toContain(`无法连接 Temporal（127.0.0.1:${port}）`);
  });

  it('is false where something accepts the connection, and for an address it cannot read', async () => {
    server = createServer((socket) => socket.destroy());
    const port = await new Promise<number>((resolve) => server!.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port)));
    expect(await connectionRefused(`127.0.0.1:${port}`)).toBe(false);
    expect(await connectionRefused(`[::ffff:127.0.0.1]:${port}`)).toBe(false);
    expect(await connectionRefused('no port here')).toBe(false);
  });
});
