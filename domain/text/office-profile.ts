// zh-CN wording of the office 档案 page (contract §7 "Office pages"; issue 11): the town as loaded, and
// checking and loading a profile — the check's problems and the load's report are the CLI's own lines.

export const officeProfileText = {
  title: '档案',
  /** The name the pasted text goes by in the problems' "文件:行:列" (the CLI names the file it read). */
  fileName: '档案文本',
  loaded: (town: string, version: number, at: string) => `${town}，当前为第 ${version} 版档案（${at} 载入）。`,
  none: '还没有载入档案。',
  people: { title: '人员', name: '姓名', role: '角色', email: '邮箱' },
  sectors: { title: '行业领域', name: '名称', leader: '分管领导', inspector: '安监员' },
  villages: { title: '村（社区）', name: '名称', supervisor: '村级安全监督员', leader: '包村领导' },
  enterprises: { title: '企业', name: '名称', sector: '行业领域', village: '所在村', class: '分级', principal: '负责人' },
  check: {
    title: '检查档案',
    intro: '把档案（YAML）全文粘贴到下面，先检查：每处问题连同行号列出，与 anwei profile check 相同；检查通过后，安办主任可以载入。',
    label: '档案内容（YAML）',
    button: '检查',
    passed: '检查通过',
    wouldChange: (summary: string) => `载入后：${summary}。`,
    handover: '需要交接：',
    loadHint: '载入后，运行中的隐患、任务和工作日历从下一步起按新档案执行。',
    loadButton: '载入',
    onlyHead: '只有安办主任可以载入档案。',
    empty: '请粘贴档案内容。',
    tooLarge: (mb: number) => `档案内容超过 ${mb} MB，请检查是否粘贴错了内容。`,
    failed: '检查未通过',
  },
  load: { title: '载入档案', done: '已载入', back: '返回档案' },
  refused: {
    view: '档案只对全镇范围的人员（党委书记、镇长、分管安全的领导、安办主任）开放。',
    check: '只有安办主任和分管安全的领导可以检查档案。',
    load: '只有安办主任可以载入档案。',
  },
  link: '档案',
} as const;
