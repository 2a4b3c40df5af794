// The engine's secret, which signs every link: ANWEI_SECRET, or a random one made at the first start in the
// data folder, readable by its owner only. It is never printed or logged.

import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE = 'secret';

export function loadSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.ANWEI_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('ANWEI_SECRET 太短：至少 32 个字符（可用 openssl rand -hex 32 生成）');
    return Buffer.from(fromEnv, 'utf8');
  }
  const file = join(dataDir, SECRET_FILE);
  try {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) chmodSync(file, 0o600);
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  // wx: two starts at once cannot both write one; the loser reads the winner's.
  try {
    writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  }
}
