// The daily digests of one moment (今日待办, contract §8), one workflow a moment (id digestCollectorId: most
// people's 09:00 of a day), started — or told, by the signal digestOpened — by each copy that opens a digest:
// it waits past the moment until no copy has joined for a while, then seals and sends each digest once, each
// its own activity (activities/digests.ts says why once). A digest opened while it sends is sent before it ends.

import { proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { DIGEST_GATHER, DIGEST_SENDS_IN_FLIGHT, digestOpened, type DigestInput, type DigestsResult } from '../domain/digest.ts';
import { LEDGER_RETRY, NOTICE_TIMEOUTS } from './common.ts';

type Activities = ReturnType<typeof createActivities>;

const { sendDigest } = proxyActivities<Activities>(NOTICE_TIMEOUTS);
const { digestQuiet, digestsToSend } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: LEDGER_RETRY });

/** Sleeps until `at` (now or earlier: not at all). */
async function until(at: number): Promise<void> {
  if (at > Date.now()) await sleep(at - Date.now());
}

/**
 * Quiet by the real clock: no copy joined for quietMs by the clock the joins were written with (the
 * activities'), or none joined while the workflow waited out the rest of it.
 */
async function untilQuiet(input: DigestInput, latest: number): Promise<void> {
  let lastSeen: number | undefined;
  for (;;) {
    const { quietForMs, lastEntryAt, gathering } = await digestQuiet(input);
    if (!gathering || quietForMs >= DIGEST_GATHER.quietMs || lastEntryAt === lastSeen || Date.now() >= latest) return;
    lastSeen = lastEntryAt;
    await until(Math.min(Date.now() + DIGEST_GATHER.quietMs - quietForMs, latest));
  }
}

/**
 * Quiet on a server that skips time (DigestInput.skipping): a wait of quietMs by the server's clock that took
 * less than half of it by the real one was skipped — no workflow had work in hand, so every copy of the moment
 * has joined or gone. A wait that took its full real time (something still running) is waited again.
 */
async function untilSkipped(input: DigestInput, latest: number): Promise<void> {
  let { gathering, now: real } = await digestQuiet(input);
  while (gathering && Date.now() < latest) {
    const from = Date.now();
    await until(Math.min(from + DIGEST_GATHER.quietMs, latest));
    const waited = Date.now() - from;
    const after = await digestQuiet(input);
    if (after.now - real < waited / 2) return;
    ({ gathering, now: real } = after);
  }
}

export async function digestWorkflow(input: DigestInput): Promise<DigestsResult> {
  let opened = 0;
  setHandler(digestOpened, () => void opened++);
  const latest = input.sendAt + DIGEST_GATHER.longestMs;
  await until(input.sendAt + DIGEST_GATHER.afterMs);
  await (input.skipping ? untilSkipped(input, latest) : untilQuiet(input, latest));
  const total: DigestsResult = { digests: 0, sent: 0, items: 0, left: 0 };
  for (;;) {
    const seen = opened;
    const keys = await digestsToSend(input);
    for (let i = 0; i < keys.length; i += DIGEST_SENDS_IN_FLIGHT) {
      const results = await Promise.all(keys.slice(i, i + DIGEST_SENDS_IN_FLIGHT).map((key) => sendDigest({ key, at: Date.now() })));
      for (const r of results) {
        total.digests++;
        total.items += r.items;
        total.left += r.left;
        if (r.sent) total.sent++;
      }
    }
    // A digest opened while these were listed or sent: send again (a signal that comes as this ends reopens it).
    if (opened === seen) return total;
  }
}
