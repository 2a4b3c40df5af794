// The engine's secret: ANWEI_SECRET, or one made at the first start in the data folder, readable by its owner only.

import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecret } from '../../web/secret.ts';

describe('the link secret', () => {
  it('is made once in the data folder with mode 0600, and read back the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anwei-secret-'));
    const first = loadSecret(join(dir, 'data'), {});
    expect(first).toHaveLength(32);
    expect(statSync(join(dir, 'data', 'secret')).mode & 0o777).toBe(0o600);
    expect(loadSecret(join(dir, 'data'), {})).toEqual(first);
  });

  it('comes from ANWEI_SECRET when set, refused when shorter than 32 characters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anwei-secret-'));
    expect(loadSecret(dir, { ANWEI_SECRET: 'x'.repeat(40) })).toEqual(Buffer.from('x'.repeat(40)));
    expect(() => loadSecret(dir, { ANWEI_SECRET: 'short' })).toThrow(/ANWEI_SECRET 太短/);
  });

  it('a file others could read is narrowed to its owner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anwei-secret-'));
    writeFileSync(join(dir, 'secret'), `${'ab'.repeat(32)}\n`, { mode: 0o644 });
    expect(loadSecret(dir, {}).toString('hex')).toBe('ab'.repeat(32));
    expect(statSync(join(dir, 'secret')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'secret'), 'utf8').trim()).toBe('ab'.repeat(32));
  });
});
