// One reporting process for tests/db/hazard-ids.test.ts: opens the database, says "ready", and on "go"
// (stdin) allocates one hazard number and prints it.
//   node --import tsx tests/db/hazard-id-process.ts <database url> <request id> <at, ms>

import { createInterface } from 'node:readline';
import { allocateHazardId } from '../../client/hazard-ids.ts';
import { openDatabase } from '../../prisma/client.ts';

const [url, requestId, at] = process.argv.slice(2);
if (!url || !requestId || !at) throw new Error('usage: hazard-id-process.ts <url> <request id> <at>');
const db = await openDatabase(url);
await db.prisma.hazardNumber.count(); // connected before the start signal, so the allocations race
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'go') continue;
  process.stdout.write(`${await allocateHazardId(db, { requestId, at: Number(at) })}\n`);
  break;
}
await db.close();
