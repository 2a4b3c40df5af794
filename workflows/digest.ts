// The daily digests of one moment (今日待办, contract §8), one workflow a moment (id digestCollectorId: most
// people's 09:00 of a day), started by the first notice copy that waits for one of them: it waits past the
// moment until no copy has joined for a while, then seals and sends each digest once (activities/digests.ts
// says why once).

import { proxyActivities, sleep } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { DIGEST_GATHER, type DigestInput, type DigestsResult } from '../domain/digest.ts';
import { LEDGER_RETRY, NOTICE_TIMEOUTS } from './common.ts';

type Activities = ReturnType<typeof createActivities>;

const { sendDigests } = proxyActivities<Activities>(NOTICE_TIMEOUTS);
const { digestLastEntry } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: LEDGER_RETRY });

export async function digestWorkflow(input: DigestInput): Promise<DigestsResult> {
  const latest = input.sendAt + DIGEST_GATHER.longestMs;
  const until = async (at: number) => {
    if (at > Date.now()) await sleep(at - Date.now());
  };
  await until(input.sendAt + DIGEST_GATHER.afterMs);
  for (;;) {
    const { lastEntryAt, gathering } = await digestLastEntry({ sendAt: input.sendAt });
    const quietAt = lastEntryAt + DIGEST_GATHER.quietMs;
    if (!gathering || quietAt <= Date.now() || Date.now() >= latest) break;
    await until(Math.min(quietAt, latest));
  }
  return sendDigests({ sendAt: input.sendAt, at: Date.now() });
}
