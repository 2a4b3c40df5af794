// A profile's rows on both databases (client/profile-loader.ts): new ones inserted in batches of 500 as plain
// INSERTs, read back through Prisma as Prisma writes them; a reload writes only the rows that changed, brings
// a left enterprise back, and deactivates the ones that left.

import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../client/profile-loader.ts';
import { migrateDatabase, openDatabase } from '../../prisma/client.ts';
import { PROVIDERS, testDatabase } from '../support/databases.ts';
import { districtProfile } from '../support/district.ts';

const N = 1203; // three batches, the last one short

describe('loading a profile writes its rows', () => {
  it.each(PROVIDERS)('%s: all of a new district, then only what a reload changes', async (provider) => {
    const database = await testDatabase(provider);
    await migrateDatabase(database.url);
    const db = await openDatabase(database.url);
    try {
      const first = districtProfile(N);
      const r1 = await loadProfile(db, { text: first, file: 'district.yaml', source: 'test', at: new Date('2030-01-02T01:00:00Z') });
      expect(r1.enterprises.added).toHaveLength(N);
      expect(await db.prisma.enterprise.count({ where: { active: true } })).toBe(N);
      expect(await db.prisma.person.count()).toBe(32);
      expect(await db.prisma.enterprise.findUnique({ where: { id: 'e01202' } })).toMatchObject({
        id: 'e01202',
        name: '企业e01202',
        sectorId: 's12',
        class: 'C',
        villageId: 'v2',
        address: null,
        principalName: '负责人1202',
        principalEmail: 'p1202@e.example',
        principalPhone: null,
        active: true,
        updatedAt: expect.any(Date),
      });
      const person = await db.prisma.person.findUnique({ where: { id: 'sec' } });
      expect(person).toMatchObject({ name: '书记甲', role: 'party_secretary', digest: null, channels: null, active: true });

      // e00001 renamed, e01202 gone, nothing else touched.
      const before = new Map((await db.prisma.enterprise.findMany()).map((e) => [e.id, e.updatedAt.getTime()]));
      const second = first.replace('name: 企业e00001,', 'name: 企业e00001（更名）,').replace(/^.*id: e01202,.*\n/m, '');
      const r2 = await loadProfile(db, { text: second, file: 'district.yaml', source: 'test' });
      expect(r2.enterprises).toEqual({ added: [], updated: ['e00001'], deactivated: ['e01202'] });
      const after = await db.prisma.enterprise.findMany();
      const touched = after.filter((e) => e.updatedAt.getTime() !== before.get(e.id)).map((e) => e.id).sort();
      expect(touched).toEqual(['e00001', 'e01202']);
      expect(after.find((e) => e.id === 'e01202')).toMatchObject({ active: false, name: '企业e01202' });

      // Back in the file: added again, active again.
      const r3 = await loadProfile(db, { text: first, file: 'district.yaml', source: 'test' });
      expect(r3.enterprises).toEqual({ added: ['e01202'], updated: ['e00001'], deactivated: [] });
      expect(await db.prisma.enterprise.count({ where: { active: true } })).toBe(N);
    } finally {
      await db.close();
    }
  });
});
