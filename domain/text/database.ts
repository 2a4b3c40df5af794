// zh-CN wording for the database layer (prisma/): what is wrong with DATABASE_URL, what migrating did, why
// a command refuses a database that is not migrated, and the migration engine's own failures.

const FORMS =
  'SQLite 写作 file:/数据库文件的绝对路径（如 file:/srv/anwei/data/anwei.db），' +
  'PostgreSQL 写作 postgresql://用户名:密码@主机:端口/数据库名';

export const databaseText = {
  urlEmpty: `DATABASE_URL 为空。不设置时使用数据目录下的 SQLite 文件 anwei.db；要设置则${FORMS}`,
  urlUnknownScheme: (scheme: string) =>
    `DATABASE_URL 无法识别：以 “${scheme}” 开头，应以 file:（SQLite）或 postgresql://（PostgreSQL）开头。${FORMS}`,
  urlMalformed: (provider: string) => `DATABASE_URL 格式不正确（${provider}）。${FORMS}`,
  urlNoDatabase: 'DATABASE_URL 未写数据库名：postgresql://用户名:密码@主机:端口/数据库名',
  urlSqliteNoPath: 'DATABASE_URL 未写 SQLite 数据库文件的路径：file:/数据库文件的绝对路径',
  urlSchemaUnsupported: (schema: string) =>
    `DATABASE_URL 中的 schema=${schema} 不受支持：anwei 的表建在 public 模式下，请去掉这个参数`,
  clientMissing: (label: string) => `尚未生成 ${label} 的 Prisma 客户端：请先运行 npm install（或 node scripts/prisma-generate.mjs）`,

  checking: (where: string) => `检查数据库结构：${where}`,
  upToDate: (seconds: string) => `数据库结构已是最新，无需迁移（${seconds} 秒）`,
  applied: (name: string) => `已应用迁移 ${name}`,
  appliedSummary: (count: number, seconds: string) => `共应用 ${count} 个迁移（${seconds} 秒）`,
  migrateFailed: (where: string, reason: string) => `数据库迁移失败（${where}）：${reason}`,
  notCreated: (where: string) =>
    `数据库尚未建立（${where}）：请先运行 npm start（启动引擎，同时建立数据库、载入档案），或只建立数据库：npm run db:migrate。` +
    '设置了 DATABASE_URL 或 ANWEI_DATA_DIR 时，运行这两个命令也要设同样的值。',
  schemaBehind: (where: string, missing: readonly string[]) =>
    `数据库结构不是最新（${where}，缺少迁移 ${missing.join('、')}）：请先运行 npm start（启动时自动迁移），或 npm run db:migrate。`,
  sqliteWhere: (path: string) => `SQLite 数据库文件 ${path}`,
  postgresWhere: (redactedUrl: string) => `PostgreSQL ${redactedUrl}`,
  /** A URL too broken to parse is not shown at all: it may hold a password. */
  unparsableUrl: (scheme: string | undefined) => (scheme ? `${scheme}://（无法解析，已隐藏）` : '（无法解析，已隐藏）'),

  enginePanic: (panic: string) => `Prisma 迁移引擎内部错误（panic）：${panic}。请重新启动进程后再试。`,
  enginePoisoned: 'Prisma 迁移引擎此前在本进程中崩溃（panic），请重新启动进程后再试。',
  historyDoesNotReplay: (reason: string) => `迁移历史无法在空数据库上重放：${reason}`,
  migrationBeforeLatest: (folder: string, latest: string) => `新迁移 ${folder} 会排在已有的 ${latest} 之前（系统时钟是否正确？）`,
};
