// Where `anwei start` serves the web and what its links start with, from the environment (docs/web.md).

import { join } from 'node:path';
import { UserInputError } from '../client/errors.ts';
import { engineText } from '../domain/text/engine.ts';
import { webText } from './text.ts';

/** ANWEI_WEB_PORT: 8080 by default; 0 lets the system pick a free one (printed at start). */
function webPortFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.ANWEI_WEB_PORT?.trim();
  if (!raw) return 8080;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new UserInputError([engineText.badPort('ANWEI_WEB_PORT', raw)]);
  return port;
}

/**
 * Where the web listens and the base of every link: ANWEI_WEB_PORT (8080; 0 for any free port),
 * ANWEI_WEB_HOST (127.0.0.1: this machine only; a reverse proxy or 0.0.0.0 opens it wider), ANWEI_PUBLIC_URL
 * (the address people's phones reach; `http://127.0.0.1:<port>` by default) and ANWEI_WEB_TRUST_PROXY
 * (the reverse proxy whose X-Forwarded-For names the person's address).
 */
export function webSettings(env: NodeJS.ProcessEnv): { port: number; host: string; publicUrl?: string; trustProxy?: number | string } {
  const port = webPortFromEnv(env);
  const host = env.ANWEI_WEB_HOST?.trim() || '127.0.0.1';
  const proxy = env.ANWEI_WEB_TRUST_PROXY?.trim();
  // `true` is one proxy in front (Fastify's hop count 1: the address it saw), never "believe every hop" — the
  // leftmost X-Forwarded-For is whatever the client wrote, and limits counted by it could be dodged at will.
  const trustProxy = !proxy ? undefined : proxy === 'true' ? 1 : proxy;
  const base = { port, host, ...(trustProxy !== undefined ? { trustProxy } : {}) };
  const raw = env.ANWEI_PUBLIC_URL?.trim();
  if (!raw) return port ? { ...base, publicUrl: `http://127.0.0.1:${port}` } : base;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  // The pages link to themselves from the root (/a/…, /static/…): the web is served at the root of its address.
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password || url.pathname !== '/') {
    throw new UserInputError([webText.badPublicUrl(raw)]);
  }
  return { ...base, publicUrl: raw.replace(/\/+$/, '') };
}


/**
 * Where evidence files are kept: ANWEI_EVIDENCE_DIR — a folder every web server of the town mounts (NFS, a
 * shared disk), so that a file one server took another can show — or `<data folder>/evidence`.
 */
export function evidenceDir(env: NodeJS.ProcessEnv, dataDir: string): string {
  return env.ANWEI_EVIDENCE_DIR?.trim() || join(dataDir, 'evidence');
}
