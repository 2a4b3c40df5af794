// The generated clients over both databases: the ledger's rows go in and come back the same, and the keys
// that make retried activities harmless (Notice.key, HazardEvent.key) refuse duplicates.

import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import { PROVIDERS, testDatabase } from '../support/databases.ts';

let open: Database | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function migratedDatabase(provider: (typeof PROVIDERS)[number]): Promise<Database> {
  const { url } = await testDatabase(provider);
  await migrateDatabase(url);
  open = await openDatabase(url);
  expect(open.provider).toBe(provider);
  return open;
}

const reportedAt = new Date('2027-03-05T01:30:00.123Z');

describe.each(PROVIDERS)('the Prisma client on %s', (provider) => {
  it('stores a person, an enterprise and a hazard with its events, and reads them back unchanged', async () => {
    const { prisma } = await migratedDatabase(provider);
    await prisma.person.create({ data: { id: 'wang-inspector', name: '王检查', role: 'inspector', email: 'wang@example.cn' } });
    await prisma.enterprise.create({
      data: {
        id: 'E-001',
        name: '青山机械厂',
        sectorId: 'industry',
        class: 'A',
        principalName: '李厂长',
        principalEmail: 'li@example.cn',
      },
    });
    await prisma.hazard.create({
      data: {
        id: 'H-2027-001',
        enterpriseId: 'E-001',
        sectorId: 'industry',
        level: 'general',
        description: '配电箱未上锁',
        reportedBy: 'wang-inspector',
        reportedAt,
        status: 'open',
        due: '2027-03-12',
        dueTrace: '2027-03-05 + 5 个工作日',
        events: {
          create: [
            { key: 'hazard-H-2027-001/report', at: reportedAt, type: 'reported', by: 'wang-inspector' },
            { key: 'hazard-H-2027-001/notify', at: new Date(reportedAt.getTime() + 1000), type: 'acknowledged' },
          ],
        },
      },
    });

    const person = await prisma.person.findUniqueOrThrow({ where: { id: 'wang-inspector' } });
    expect(person).toMatchObject({ name: '王检查', active: true, phone: null });
    const hazard = await prisma.hazard.findUniqueOrThrow({
      where: { id: 'H-2027-001' },
      include: { events: { orderBy: { at: 'asc' } } },
    });
    expect(hazard).toMatchObject({ description: '配电箱未上锁', round: 1, escalationLevel: 0, closedAt: null });
    expect(hazard.reportedAt.toISOString()).toBe('2027-03-05T01:30:00.123Z');
    expect(hazard.events.map((e) => [e.type, e.detailJson])).toEqual([
      ['reported', '{}'],
      ['acknowledged', '{}'],
    ]);
    expect(await prisma.enterprise.count({ where: { sectorId: 'industry' } })).toBe(1);
  });

  it('refuses a second notice with the same key, so an email is never queued twice', async () => {
    const { prisma } = await migratedDatabase(provider);
    const notice = {
      key: 'hazard-H-2027-001/due-reminder-1',
      kind: 'due-reminder',
      ref: 'H-2027-001',
      at: reportedAt,
      recipientsJson: '[{"name":"李厂长","email":"li@example.cn"}]',
      subject: '隐患整改期限提醒',
      text: '请于 2027-03-12 前完成整改。',
      html: '<p>请于 2027-03-12 前完成整改。</p>',
      messageId: '<H-2027-001.due-reminder-1@anwei>',
      status: 'pending',
    };
    const first = await prisma.notice.create({ data: notice });
    expect(first.attempts).toBe(0);
    await expect(prisma.notice.create({ data: notice })).rejects.toMatchObject({ code: 'P2002' });
    expect(await prisma.notice.count()).toBe(1);
  });

  it('refuses an event for a hazard that does not exist', async () => {
    const { prisma } = await migratedDatabase(provider);
    await expect(
      prisma.hazardEvent.create({ data: { key: 'orphan/1', hazardId: 'H-none', at: reportedAt, type: 'reported' } }),
    ).rejects.toMatchObject({ code: 'P2003' });
  });

  it('keeps a transaction all-or-nothing', async () => {
    const { prisma } = await migratedDatabase(provider);
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.auditLog.create({ data: { at: reportedAt, action: 'profile.load' } });
        await tx.auditLog.create({ data: { id: 1, at: reportedAt, action: 'duplicate id' } });
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
    expect(await prisma.auditLog.count()).toBe(0);
  });
});
