// A district-sized town for the campaign scale test and bench/campaign-fanout.ts: N enterprises (the seeds
// mention 5,293) over 14 sectors — one inspector and one leader each, so an inspector has ~380 of them —
// and 30 villages, with the fixture town's 2030 calendar. Deterministic; no test runner imports here.

const SECTORS = ['非煤矿山', '危险化学品', '烟花爆竹', '建筑施工', '道路交通', '消防', '学校', '食品安全', '特种设备', '工贸企业', '燃气', '农村危房', '地质灾害', '森林防火'];

export function districtProfile(enterprises: number): string {
  const lines: string[] = [
    `town: 大区镇`,
    'safetyLeader: lead0',
    'people:',
    '  - { id: sec, name: 书记甲, role: party_secretary, email: sec@district.example }',
    '  - { id: head, name: 镇长乙, role: town_head, email: head@district.example }',
    '  - { id: office, name: 安办主任戊, role: office_head, email: office@district.example }',
    '  - { id: vs, name: 监督员辛, role: village_supervisor, email: vs@district.example }',
  ];
  SECTORS.forEach((_, i) => {
    lines.push(`  - { id: lead${i}, name: 副镇长${i}, role: deputy_head, email: lead${i}@district.example }`);
    lines.push(`  - { id: insp${i}, name: 安监员${i}, role: inspector, email: insp${i}@district.example }`);
  });
  lines.push('sectors:');
  SECTORS.forEach((name, i) => lines.push(`  - { id: s${i}, name: ${name}, leader: lead${i}, inspector: insp${i} }`));
  lines.push('villages:');
  for (let v = 0; v < 30; v++) lines.push(`  - { id: v${v}, name: 第${v + 1}村, supervisor: vs, leader: lead${v % SECTORS.length} }`);
  lines.push('enterprises:');
  for (let n = 0; n < enterprises; n++) {
    const id = `e${String(n).padStart(5, '0')}`;
    lines.push(`  - { id: ${id}, name: 企业${id}, sector: s${n % SECTORS.length}, class: ${'ABC'[n % 3]}, village: v${n % 30}, principal: { name: 负责人${n}, email: p${n}@e.example } }`);
  }
  lines.push(
    'calendar:',
    '  holidays: [2030-01-01, 2030-09-12, 2030-10-01, 2030-10-02, 2030-10-03, 2030-10-04, 2030-10-07]',
    '  workdays: [2030-09-29, 2030-10-12]',
    'duties: []',
  );
  return `${lines.join('\n')}\n`;
}

export const DISTRICT_SECTORS = SECTORS.length;
