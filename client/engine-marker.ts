// Which engine a database and a Temporal belong to. `anwei start` writes one random engine id into both:
// the database's EngineMarker row and the memo of a marker workflow in Temporal (workflows/engine-marker.ts).
// A command that acts through the engine reads both (one query, one RPC) and refuses when they differ:
// its id would come from one engine's ledger while the request went to another engine. Data that no start
// has marked yet (made by an older anwei) is used as before; the next start marks it.

import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { engineText } from '../domain/text/engine.ts';
import type { Database } from '../prisma/client.ts';
import type { engineMarkerWorkflow } from '../workflows/engine-marker.ts';
import { UserInputError } from './errors.ts';

export const ENGINE_MARKER_WORKFLOW_ID = 'anwei-engine';
const MEMO_KEY = 'anweiEngine';

export interface EngineMarker {
  engineId: string;
  /** The data folder (absolute) of the start that made it. */
  dataDir: string;
}

export async function databaseMarker(db: Database): Promise<EngineMarker | undefined> {
  const row = await db.prisma.engineMarker.findUnique({ where: { id: 1 }, select: { engineId: true, dataDir: true } });
  return row ?? undefined;
}

/** The marker in the memo of Temporal's marker workflow (running or not), if there is one. */
export async function temporalMarker(client: Client): Promise<EngineMarker | undefined> {
  try {
    const { memo } = await client.workflow.getHandle(ENGINE_MARKER_WORKFLOW_ID).describe();
    const marker = memo?.[MEMO_KEY] as Partial<EngineMarker> | undefined;
    return typeof marker?.engineId === 'string' && typeof marker.dataDir === 'string' ? { engineId: marker.engineId, dataDir: marker.dataDir } : undefined;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** How the command was pointed at the two: what a refusal names. */
export interface EngineSettings {
  /** The database as shown: the SQLite file, or DATABASE_URL without its password. */
  database: string;
  temporal: string;
  env: NodeJS.ProcessEnv;
}

/** Refuses (exit 2) a database and a Temporal marked by different engines, or marked by one and not the other. */
export function checkSameEngine(inDatabase: EngineMarker | undefined, inTemporal: EngineMarker | undefined, settings: EngineSettings): void {
  if (inDatabase?.engineId === inTemporal?.engineId) return;
  const { env } = settings;
  const databaseVar = env.DATABASE_URL?.trim() ? 'DATABASE_URL' : 'ANWEI_DATA_DIR';
  const temporalVar = env.TEMPORAL_ADDRESS?.trim() ? 'TEMPORAL_ADDRESS' : 'ANWEI_TEMPORAL_PORT';
  const t = engineText.otherEngine;
  throw new UserInputError(
    [
      t.database(settings.database, inDatabase?.dataDir),
      t.temporal(settings.temporal, inTemporal?.dataDir),
      ...(inTemporal ? [t.useTemporals(inTemporal.dataDir, databaseVar)] : []),
      ...(inDatabase ? [t.useDatabases(inDatabase.dataDir, temporalVar)] : []),
    ],
    t.headline,
  );
}

/** Checks, before a command acts through the engine, that its database and Temporal are one engine's. */
export async function assertSameEngine(db: Database, client: Client, settings: EngineSettings): Promise<void> {
  const [inDatabase, inTemporal] = await Promise.all([databaseMarker(db), temporalMarker(client)]);
  checkSameEngine(inDatabase, inTemporal, settings);
}

/**
 * `anwei start`: marks the database and Temporal as one engine's, or refuses as a command would. A fresh
 * pair (or older data) gets a new id; a database whose Temporal lost its marker gives it its own again.
 */
export async function markEngine(db: Database, client: Client, taskQueue: string, dataDir: string, settings: EngineSettings): Promise<EngineMarker> {
  // Temporal first: a start of the same pair marks the database before Temporal, so one seen here in
  // Temporal is already in the database.
  const inTemporal = await temporalMarker(client);
  const inDatabase = await databaseMarker(db);
  if (inTemporal) {
    checkSameEngine(inDatabase, inTemporal, settings);
    return inTemporal;
  }
  const marker = inDatabase ?? (await claimDatabase(db, { engineId: randomUUID(), dataDir }));
  try {
    await client.workflow.start<typeof engineMarkerWorkflow>('engineMarkerWorkflow', {
      workflowId: ENGINE_MARKER_WORKFLOW_ID,
      taskQueue,
      memo: { [MEMO_KEY]: marker },
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    // Another engine process of the same pair was quicker: it must have used the same database's id.
    checkSameEngine(marker, await temporalMarker(client), settings);
  }
  return marker;
}

/** Writes the database's marker unless another start wrote one first; the one that stays is returned. */
async function claimDatabase(db: Database, marker: EngineMarker): Promise<EngineMarker> {
  try {
    await db.prisma.engineMarker.create({ data: { id: 1, ...marker } });
    return marker;
  } catch {
    const written = await databaseMarker(db);
    if (!written) throw new Error('the engine marker could not be written to the database');
    return written;
  }
}
