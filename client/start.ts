// `anwei start` (npm start): the whole engine on one machine. A Temporal dev server persisted to
// .data/ (or TEMPORAL_ADDRESS), the database (SQLite in .data/ or DATABASE_URL) with migrations
// applied, the town profile loaded when there is none, the worker, and a clean stop on Ctrl-C.
// A second start resumes where the first stopped: open hazards and their timers live in Temporal;
// after a crash it first stops the dev server the dead engine left running (client/dev-server-record.ts).
// `anwei worker` is the same engine process joining a town that already runs on a Temporal cluster and a shared
// database (docs/deploy.md): no dev server, no profile loaded, the web only when ANWEI_WEB_PORT is set. On every
// process the reconciler and the robot dispatcher run only while it holds their lease (worker/lease.ts).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { describeMailConfig, mailConfigFromEnv } from '../activities/mail/config.ts';
import { createMailTransport } from '../activities/mail/transport.ts';
import { calendarWarnings, resolveCalendar } from '../domain/calendar-data.ts';
import { engineText } from '../domain/text/engine.ts';
import { localDateOf, yearOf } from '../domain/time.ts';
import { databaseUrlFromEnv, migrateDatabase, openDatabase, providerOf, redactDatabaseUrl, type Database } from '../prisma/client.ts';
import { createEngineWorker, quietTemporalLogs } from '../worker/index.ts';
import { startRobotDispatcher } from '../activities/robots/dispatcher.ts';
import { createRobotOfficeTeller } from '../activities/robots/office.ts';
import { loadChannels } from '../activities/robots/queue.ts';
import { missingChannelEnv } from '../domain/robots.ts';
import { robotText } from '../domain/text/robots.ts';
import { scheduleReconciler } from '../worker/reconciler.ts';
import { leaseHolderId, runUnderLease, type HeldLease } from '../worker/lease.ts';
import { dataDir, projectPath } from '../worker/paths.ts';
import { LinkSigner } from '../web/links.ts';
import { SECRET_FILE, loadSecret } from '../web/secret.ts';
import { registerOffice } from '../web/office/routes.ts';
import { EvidenceStore } from '../web/evidence.ts';
import { createWebServer } from '../web/server.ts';
import { evidenceDir, webSettings } from '../web/settings.ts';
import { webText } from '../web/text.ts';
import { markEngine } from './engine-marker.ts';
import { UserInputError } from './errors.ts';
import { cliText } from '../domain/text/cli.ts';
import { loadProfile, summarize } from './profile-loader.ts';
import { notifyTownChanged } from './town-changed.ts';
import { DEFAULT_TASK_QUEUE, connectClient, connectionOptions, startDevServer, temporalTargetFromEnv, type DevServer, type TemporalTarget } from './temporal.ts';

/** A TCP port from the environment; a bad value is the office's input error (exit 2). */
function portFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) throw new UserInputError([engineText.badPort(name, raw)]);
  return port;
}

/**
 * Brings the database up to date. Two processes creating the same new SQLite file at once (`npm start`
 * and `npm run db:migrate` in another terminal) collide on its lock: the loser tries again.
 */
async function migrateWithRetry(url: string, log?: (line: string) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateDatabase(url, log);
      return;
    } catch (error) {
      if (attempt >= 4 || providerOf(url) !== 'sqlite') throw error;
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

const say = (line: string) => console.log(line);
const shown = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
};

/** `engine`: `anwei start`, the whole engine on one machine; `worker`: `anwei worker`, one more process of a running town. */
export type StartMode = 'engine' | 'worker';

/** What `anwei worker` cannot run without, all named at once (exit 2). */
function refuseWorkerWithout(env: NodeJS.ProcessEnv, data: string): void {
  const problems: string[] = (['TEMPORAL_ADDRESS', 'DATABASE_URL'] as const).filter((name) => !env[name]?.trim()).map((name) => engineText.worker.needs(name));
  // Links signed here are checked by every web server: a secret made up here would differ from theirs.
  if (!env.ANWEI_SECRET?.trim() && !existsSync(join(data, SECRET_FILE))) problems.push(engineText.worker.noSecret);
  if (problems.length) throw new UserInputError(problems, engineText.worker.headline);
}

export async function start(env: NodeJS.ProcessEnv = process.env, mode: StartMode = 'engine'): Promise<void> {
  quietTemporalLogs();
  const data = dataDir(env);
  if (mode === 'worker') refuseWorkerWithout(env, data);
  mkdirSync(data, { recursive: true });

  // Settings first: a bad SMTP_URL or DATABASE_URL stops here, before anything runs.
  const mailConfig = mailConfigFromEnv(env, { outboxDir: join(data, 'outbox') });
  const url = databaseUrlFromEnv(env, data);
  const port = portFromEnv(env, 'ANWEI_TEMPORAL_PORT', 7233);
  const uiPort = portFromEnv(env, 'ANWEI_TEMPORAL_UI_PORT', port + 1000);
  const web = webSettings(env);
  // A worker serves the web only when asked to; `anwei start` always does.
  const serveWeb = mode === 'engine' || Boolean(env.ANWEI_WEB_PORT?.trim());
  const cluster: TemporalTarget | undefined = env.TEMPORAL_ADDRESS?.trim() ? temporalTargetFromEnv(env) : undefined;
  const secret = loadSecret(data, env);
  // Ctrl-C (SIGINT) or SIGTERM at any moment, even while starting: stop what was started, in reverse.
  let stopRequested = false;
  const onStop = () => {
    stopRequested = true;
    say(engineText.stopping);
  };
  const stopping = new Promise<void>((resolve) => {
    const stop = () => {
      onStop();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

  say(engineText.database(env.DATABASE_URL ? redactDatabaseUrl(url) : shown(join(data, 'anwei.db'))));
  await migrateWithRetry(url, (line) => say(`  ${line}`));
  const db = await openDatabase(url);

  let devServer: DevServer | undefined;
  const stopAll: Array<() => Promise<unknown>> = [() => db.close()];
  const cleanUp = async () => {
    for (const stop of stopAll.reverse()) await stop().catch(() => {});
  };
  try {
    let target = cluster;
    const namespace = cluster?.namespace ?? 'default';
    if (!target) {
      say(engineText.startingDevServer(shown(join(data, 'temporal.db'))));
      devServer = await startDevServer({
        dbFile: join(data, 'temporal.db'),
        port,
        uiPort,
        pidFile: join(data, 'temporal.pid'),
        logFile: join(data, 'temporal.log'),
      });
      stopAll.push(() => devServer!.stop());
      if (devServer.replaced) say(`  上次 anwei 未正常停止，它留下的 Temporal 开发服务器（进程 ${devServer.replaced}）已结束，重新启动。`);
      target = { address: devServer.address, namespace };
    }
    const { address } = target;
    if (stopRequested) return;
    const client = await connectClient(target);
    stopAll.push(() => client.connection.close());
    // This database and this Temporal are one engine's from now on; a pair of two engines' is refused here.
    const taskQueue = env.ANWEI_TASK_QUEUE || DEFAULT_TASK_QUEUE;
    await markEngine(db, client, taskQueue, resolve(data), {
      database: env.DATABASE_URL ? redactDatabaseUrl(url) : shown(join(data, 'anwei.db')),
      temporal: address,
      env,
    });

    // The town: the office's profile (ANWEI_PROFILE) when it changed, or the demo town on a new database.
    // A worker joins a town already loaded: two processes loading one file at once would make two versions.
    const town = await db.prisma.town.findUnique({ where: { id: 1 } });
    if (mode === 'worker' && !town) throw new UserInputError([engineText.worker.noTown], engineText.worker.headline);
    const profileFile = mode === 'worker' ? undefined : env.ANWEI_PROFILE || (town ? undefined : projectPath('examples', 'demo-town.yaml'));
    if (profileFile) {
      let text: string;
      try {
        text = readFileSync(profileFile, 'utf8');
      } catch {
        throw new UserInputError([engineText.cannotReadProfile(profileFile)]);
      }
      const sha = createHash('sha256').update(text).digest('hex');
      const current = await db.prisma.profileVersion.findFirst({ orderBy: { version: 'desc' } });
      if (current?.sha256 !== sha) {
        const report = await loadProfile(db, { text, file: shown(profileFile), source: 'start', actor: 'anwei start' });
        say(engineText.profileLoaded(shown(profileFile), report.town, report.version, summarize(report)));
        for (const line of [...report.warnings, ...report.handover]) say(`  ${line}`);
      }
    }
    const loaded = await db.prisma.town.findUniqueOrThrow({ where: { id: 1 } });
    const year = yearOf(localDateOf(Date.now()));
    for (const w of calendarWarnings(resolveCalendar({ fromYear: year, toYear: year + 1, overrides: JSON.parse(loaded.calendarJson) }))) say(engineText.warning(w));

    const mail = createMailTransport(mailConfig);
    stopAll.push(() => mail.close());
    try {
      await mail.verify();
    } catch (error) {
      say(engineText.mailUnavailable(error instanceof Error ? error.message : String(error)));
    }

    // The web of the links in the emails, through the same client as the CLI; listening before the worker
    // starts, so that the links its notices carry name the port it got (ANWEI_WEB_PORT=0: any free one).
    const listening = new LinkSigner(secret, web.publicUrl ?? 'http://127.0.0.1');
    let closeWeb = async () => {};
    let signer = listening;
    let webPort: number | undefined;
    if (serveWeb) {
      // Every web server of a town keeps its evidence on storage they all share (ANWEI_EVIDENCE_DIR, docs/deploy.md).
      const evidence = new EvidenceStore(evidenceDir(env, data));
      const server = await createWebServer({ db, gateway: { client, taskQueue, db }, signer: listening, evidence, log: say, ...(web.trustProxy !== undefined ? { trustProxy: web.trustProxy } : {}) });
      // The office pages (docs/office.md): sign-in links go out through the engine's own mail.
      await registerOffice(server, { db, evidence, gateway: { client, taskQueue, db }, mail: { transport: mail, from: mailConfig.from }, publicUrl: () => web.publicUrl ?? `http://127.0.0.1:${(server.server.address() as { port: number }).port}`, log: say });
      let webOpen = true;
      closeWeb = async () => {
        if (webOpen) await server.close();
        webOpen = false;
      };
      try {
        await server.listen({ port: web.port, host: web.host });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserInputError([webText.portInUse(web.host, web.port)]);
        throw error;
      }
      stopAll.push(closeWeb);
      webPort = (server.server.address() as { port: number }).port;
      if (!web.publicUrl) signer = new LinkSigner(secret, `http://127.0.0.1:${webPort}`);
    } else if (!env.ANWEI_PUBLIC_URL?.trim()) {
      say(engineText.warning(engineText.worker.noPublicUrl));
    }
    const publicUrl = web.publicUrl ?? (webPort ? `http://127.0.0.1:${webPort}` : undefined);

    if (stopRequested) return;
    const connection = await NativeConnection.connect(connectionOptions(target));
    stopAll.push(() => connection.close());
    const worker = await createEngineWorker({
      connection,
      namespace,
      taskQueue,
      db,
      mail,
      mailFrom: mailConfig.from,
      links: signer.maker(),
      timeSkipping: false,
    });
    const running = worker.run();
    // The group robots post from a loop of their own: a robot that fails or waits never holds up email (docs/robots.md).
    const channels = await loadChannels(db);
    if (channels.length) {
      const missing = missingChannelEnv(channels, env);
      say(missing.length ? engineText.warning(robotText.envMissing(missing)) : `  ${robotText.envAllSet(channels.length)}`);
    }
    // The robot dispatcher and the reconciler run on one process of the town at a time: the one holding their
    // lease (worker/lease.ts). Two dispatchers would post everything twice; the reconciler would only repeat work.
    const holder = leaseHolderId();
    const leaseLog = (job: string) => ({
      onChange: (held: boolean) => say(held ? engineText.lease.taken(job) : engineText.lease.lost(job)),
      onError: (error: unknown) => say(engineText.warning(engineText.lease.failed(job, error instanceof Error ? error.message : String(error)))),
    });
    const leases: HeldLease[] = [];
    stopAll.push(async () => {
      for (const lease of leases) await lease.stop();
    });
    leases.push(
      runUnderLease({
        db,
        name: 'robots',
        holder,
        ...leaseLog(engineText.lease.robots),
        start: () => startRobotDispatcher({ db, env, tellOffice: createRobotOfficeTeller({ db, mail, mailFrom: mailConfig.from }) }),
      }),
    );
    // A profile reloaded while the engine was stopped reaches the open hazards now (a worker joins a running town).
    if (mode === 'engine') {
      const told = await notifyTownChanged(db, client);
      if (told.failed) say(cliText.profile.notTold(told.failed, told.failures));
    }
    // The duty calendar: every duty's workflow running and every open task's workflow alive, now and
    // every 10 minutes (node-cron; an idempotent repair loop, see worker/reconciler.ts).
    let firstPass: Promise<void> | undefined;
    const reconciler = runUnderLease({
      db,
      name: 'reconciler',
      holder,
      ...leaseLog(engineText.lease.reconciler),
      start: () => {
        const scheduled = scheduleReconciler({ client, db, taskQueue }, (line) => say(line));
        firstPass ??= scheduled.first;
        return { stop: async () => scheduled.stop() };
      },
    });
    leases.push(reconciler);
    await reconciler.first;
    // On the process that got the lease, the first pass is done before the engine says it started.
    await firstPass;

    const counts = {
      enterprises: await db.prisma.enterprise.count({ where: { active: true } }),
      open: await db.prisma.hazard.count({ where: { status: { not: 'closed' } } }),
    };
    say('');
    if (mode === 'worker') say(engineText.worker.started(loaded.name, taskQueue));
    say(engineText.started(loaded.name, counts.enterprises, counts.open));
    if (devServer) say(engineText.temporalUi(devServer.uiUrl));
    else say(engineText.temporalCluster(address, namespace));
    say(`  ${describeMailConfig(mailConfig)}`);
    if (publicUrl && webPort !== undefined) say(webText.listening(publicUrl, web.host, webPort));
    else say(engineText.worker.noWeb);
    // The other terminal finds this engine only with the same settings.
    const shared = ['ANWEI_DATA_DIR', 'DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'ANWEI_TEMPORAL_PORT', 'ANWEI_TASK_QUEUE'].filter(
      (name) => env[name]?.trim(),
    );
    say(engineText.tryInAnotherTerminal(shared));
    say('    npx anwei hazard list');
    say(`    ${await exampleReport(db)}`);
    say('    npx anwei hazard list --overdue');
    say('    npx anwei simulate examples/demo-scenario.yaml');
    say(mode === 'worker' ? engineText.worker.howToStop : engineText.howToStop);

    await Promise.race([stopping, running]);
    // The pages stop taking actions before the worker that carries them out stops.
    await closeWeb();
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  } finally {
    await cleanUp();
    if (stopRequested) say(engineText.stopped);
  }
}

/** A report command that works as printed: the town's first enterprise and the inspector of its sector. */
async function exampleReport(db: Database): Promise<string> {
  const enterprise = await db.prisma.enterprise.findFirst({ where: { active: true }, orderBy: { id: 'asc' } });
  const sector = enterprise && (await db.prisma.sector.findUnique({ where: { id: enterprise.sectorId } }));
  return enterprise && sector ? engineText.exampleReport(enterprise.id, sector.inspectorId) : engineText.exampleReport(undefined, undefined);
}
