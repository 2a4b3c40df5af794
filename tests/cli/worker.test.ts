// `anwei worker` refuses to start, in zh-CN and with exit code 2, without what a worker of a running town needs:
// the cluster's address, the shared database and the shared link secret — all named at once; and a cluster's
// TLS settings that cannot be used are named before anything connects, without printing a key.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporalTargetFromEnv } from '../../client/temporal.ts';
import { anwei, tempDir } from './support.ts';

describe('anwei worker', () => {
  it('names every missing setting at once and exits 2', async () => {
    const run = await anwei(['worker'], { ANWEI_DATA_DIR: tempDir() });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('anwei worker 未启动');
    expect(run.stderr).toContain('未设置 TEMPORAL_ADDRESS');
    expect(run.stderr).toContain('未设置 DATABASE_URL');
    expect(run.stderr).toContain('未设置 ANWEI_SECRET');
  });

  it('refuses a client certificate without its key, and names an unreadable file, before connecting', async () => {
    const dir = tempDir();
    const cert = join(dir, 'client.pem');
    writeFileSync(cert, '-----BEGIN CERTIFICATE-----\n');
    const run = await anwei(['worker'], {
      ANWEI_DATA_DIR: dir,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/none',
      ANWEI_SECRET: 'x'.repeat(40),
      TEMPORAL_TLS_CERT: cert,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TEMPORAL_TLS_CERT 和 TEMPORAL_TLS_KEY 须同时设置');
    expect(() => temporalTargetFromEnv({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: join(dir, 'missing.key') })).toThrow(
      `无法读取 TEMPORAL_TLS_KEY=${join(dir, 'missing.key')}`,
    );
  });

  it('reads a managed namespace’s API key and mTLS files from the environment; an API key goes over TLS', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.pem'), 'CERT');
    writeFileSync(join(dir, 'k.pem'), 'KEY');
    expect(temporalTargetFromEnv({ TEMPORAL_ADDRESS: 'qs.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'qs', TEMPORAL_API_KEY: 'k-123' })).toEqual({
      address: 'qs.tmprl.cloud:7233',
      namespace: 'qs',
      tls: true,
      apiKey: 'k-123',
    });
    const mtls = temporalTargetFromEnv({ TEMPORAL_ADDRESS: 'qs:7233', TEMPORAL_TLS_CERT: join(dir, 'c.pem'), TEMPORAL_TLS_KEY: join(dir, 'k.pem'), TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' });
    expect(mtls.tls).toEqual({ clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') }, serverNameOverride: 'temporal.internal' });
    expect(mtls.apiKey).toBeUndefined();
    expect(temporalTargetFromEnv({})).toEqual({ address: '127.0.0.1:7233', namespace: 'default' });
  });
});
