// Office sign-in state: one-time sign-in links and sessions. Both are random 32-byte secrets handed to the
// person (in an email, in a cookie); the database keeps only their SHA-256, so a copy of it opens nothing.
// Every read checks the person is still active: a profile reload that removes someone ends their access at
// their next request.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../prisma/client.ts';

/** A sign-in link works this long after it is sent (docs/office.md). */
export const SIGNIN_MINUTES = 15;
/** A session lasts this long after sign-in (contract §7). */
export const SESSION_HOURS = 12;

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
/** What the database keeps of a token (and what names its email): its hex SHA-256. */
export const tokenHash = sha256;
const newSecret = () => randomBytes(32).toString('base64url');
/** Tokens are 43 base64url characters; anything else is no token of ours (and is not looked up). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface SignedIn {
  personId: string;
  name: string;
  role: string;
  /** The session's secret (the cookie's value): forms carry a token derived from it. */
  sessionId: string;
}

export type SigninState = { state: 'valid'; personId: string; name: string } | { state: 'unknown' | 'expired' | 'used' };

/** Makes a sign-in link's token for a person; only its hash is stored. */
export async function createSignin(db: Database, personId: string, now: number): Promise<string> {
  const token = newSecret();
  await db.prisma.officeSignin.create({
    data: { tokenHash: sha256(token), personId, createdAt: new Date(now), expiresAt: new Date(now + SIGNIN_MINUTES * 60_000) },
  });
  return token;
}

/** What a sign-in link is worth now, without spending it (the confirm page). */
export async function signinState(db: Database, token: string, now: number): Promise<SigninState> {
  if (!TOKEN.test(token)) return { state: 'unknown' };
  const row = await db.prisma.officeSignin.findUnique({ where: { tokenHash: sha256(token) } });
  if (!row) return { state: 'unknown' };
  if (row.usedAt) return { state: 'used' };
  if (row.expiresAt.getTime() <= now) return { state: 'expired' };
  const person = await db.prisma.person.findUnique({ where: { id: row.personId } });
  // A person removed since the link was sent: the link is as good as spent.
  if (!person?.active) return { state: 'unknown' };
  return { state: 'valid', personId: person.id, name: person.name };
}

/**
 * Spends a sign-in link and opens a session: the link is marked used in the same conditional write that
 * checks it is unused and unexpired, so two clicks racing get one session. Returns the session's secret.
 */
export async function spendSignin(db: Database, token: string, now: number): Promise<{ sessionId: string } | { refused: 'unknown' | 'expired' | 'used' }> {
  const state = await signinState(db, token, now);
  if (state.state !== 'valid') return { refused: state.state };
  const spent = await db.prisma.officeSignin.updateMany({
    where: { tokenHash: sha256(token), usedAt: null, expiresAt: { gt: new Date(now) } },
    data: { usedAt: new Date(now) },
  });
  if (spent.count !== 1) return { refused: 'used' };
  const sessionId = newSecret();
  await db.prisma.officeSession.create({
    data: { idHash: sha256(sessionId), personId: state.personId, createdAt: new Date(now), expiresAt: new Date(now + SESSION_HOURS * 3_600_000) },
  });
  return { sessionId };
}

/**
 * The person of a session cookie: undefined for no session, an ended or expired one; `inactive` for a
 * person the profile no longer has.
 */
export async function sessionPerson(db: Database, sessionId: string | undefined, now: number): Promise<SignedIn | 'inactive' | undefined> {
  if (!sessionId || !TOKEN.test(sessionId)) return undefined;
  const session = await db.prisma.officeSession.findUnique({ where: { idHash: sha256(sessionId) } });
  if (!session || session.endedAt || session.expiresAt.getTime() <= now) return undefined;
  const person = await db.prisma.person.findUnique({ where: { id: session.personId } });
  if (!person?.active) {
    // Ended for good: a person added back later signs in afresh.
    await db.prisma.officeSession.update({ where: { idHash: session.idHash }, data: { endedAt: new Date(now) } });
    return 'inactive';
  }
  return { personId: person.id, name: person.name, role: person.role, sessionId };
}

export async function endSession(db: Database, sessionId: string, now: number): Promise<void> {
  if (!TOKEN.test(sessionId)) return;
  await db.prisma.officeSession.updateMany({ where: { idHash: sha256(sessionId), endedAt: null }, data: { endedAt: new Date(now) } });
}

/** The form token of a session: derived from its secret, so only the cookie's holder can have it. */
export const formTokenOf = (sessionId: string): string => createHash('sha256').update(`office-form\n${sessionId}`).digest('base64url');

export function isFormTokenOf(sessionId: string, candidate: unknown): boolean {
  if (typeof candidate !== 'string') return false;
  const given = Buffer.from(candidate, 'utf8');
  const expected = Buffer.from(formTokenOf(sessionId), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
