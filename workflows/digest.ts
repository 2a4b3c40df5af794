// A person's daily digest (今日待办, contract §8), one workflow per address and day (id = the digest's key),
// started by the first notice copy that waits for it: it waits past the digest time until no copy has
// joined for a moment, then seals the digest and sends it once (activities/digests.ts says why once).

import { proxyActivities, sleep } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { DIGEST_GATHER, type DigestInput, type DigestResult } from '../domain/digest.ts';
import { LEDGER_RETRY, NOTICE_TIMEOUTS } from './common.ts';

type Activities = ReturnType<typeof createActivities>;

const { sendDigest } = proxyActivities<Activities>(NOTICE_TIMEOUTS);
const { digestLastEntry } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: LEDGER_RETRY });

export async function digestWorkflow(input: DigestInput): Promise<DigestResult> {
  const latest = input.sendAt + DIGEST_GATHER.longestMs;
  const until = async (at: number) => {
    if (at > Date.now()) await sleep(at - Date.now());
  };
  await until(input.sendAt + DIGEST_GATHER.afterMs);
  for (;;) {
    const { lastEntryAt, gathering } = await digestLastEntry({ key: input.key });
    const quietAt = lastEntryAt + DIGEST_GATHER.quietMs;
    if (!gathering || quietAt <= Date.now() || Date.now() >= latest) break;
    await until(Math.min(quietAt, latest));
  }
  return sendDigest({ key: input.key, at: Date.now() });
}
