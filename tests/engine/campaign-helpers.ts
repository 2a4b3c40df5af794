// Shared by the campaign engine tests: starting and closing a campaign as the CLI does, waiting for its
// set-up, what went out (kind, time, recipients, attachments) and the .xlsx read back with exceljs.
//
// Fixture town (tests/fixtures/town.yaml), 2030 calendar: Sep 12 (Thu, 中秋) off; Oct 1–7 off (国庆).
//   hazchem: leader lead, inspector insp — e1 (A, v1), e2 (B, v1); industry: leader lead2, inspector
//   insp2 — e3 (C, v1). Safety leader lead; head = town head, sec = party secretary.

import ExcelJS from 'exceljs';
import type { Recipient } from '../../domain/notices.ts';
import { campaignProgress, campaignWorkflowId, type CampaignView } from '../../domain/campaign.ts';
import { closeCampaign, startCampaign, waitForSetup } from '../../client/campaigns.ts';
import { formatInstant } from '../../domain/time.ts';
import type { Engine } from '../support/engine.ts';

export async function start(engine: Engine, input: Record<string, unknown>): Promise<CampaignView> {
  const spec = await startCampaign(engine.gateway, input, await engine.now());
  await waitForSetup(engine.db, spec.id, spec.expected, () => {}, { timeoutMs: 120_000, intervalMs: 100 });
  return settled(engine, spec.id);
}

/** The campaign once its set-up (fan-out and the first emails) is over. */
export async function settled(engine: Engine, id: string): Promise<CampaignView> {
  const handle = engine.env.client.workflow.getHandle(campaignWorkflowId(id));
  for (let i = 0; i < 600; i++) {
    const view = await handle.query(campaignProgress);
    if (view.phase !== 'starting') return view;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`campaign ${id} never finished starting`);
}

export const close = (engine: Engine, id: string, by = 'lead') => closeCampaign(engine.gateway, id, { by });

/** Waits for the campaign's workflow to end: a close answers once it is recorded, its emails go out after. */
export async function ended(engine: Engine, id: string): Promise<void> {
  await engine.env.client.workflow.getHandle(campaignWorkflowId(id)).result();
}

export interface CampaignMail {
  at: string;
  kind: string;
  to: string[];
  subject: string;
  attachments: string[];
}

/** Notices whose ref is the campaign, as sent (time in Shanghai, minute precision; recipients' local parts). */
export async function mails(engine: Engine, ref: string): Promise<CampaignMail[]> {
  const rows = await engine.db.prisma.notice.findMany({ where: { ref, status: 'sent' }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  return rows.map((n) => ({
    at: formatInstant(n.at.getTime()).slice(0, 16),
    kind: n.kind,
    to: (JSON.parse(n.recipientsJson) as Recipient[]).map((r) => r.email.split('@')[0]!).sort(),
    subject: n.subject,
    attachments: n.attachmentsJson ? (JSON.parse(n.attachmentsJson) as Array<{ filename: string }>).map((a) => a.filename) : [],
  }));
}

/** Kind, time and recipients only: what the contract's table speaks of. */
export async function told(engine: Engine, ref: string) {
  return (await mails(engine, ref)).map(({ at, kind, to }) => ({ at, kind, to }));
}

/** A sheet's rows as arrays of cell texts (header included). */
export async function readSheets(file: Buffer): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const out: Record<string, string[][]> = {};
  wb.eachSheet((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
      rows.push(values);
    });
    out[sheet.name] = rows;
  });
  return out;
}

/** The closing email's attachment, from the outbox row. */
export async function closingLedger(engine: Engine, ref: string): Promise<Buffer> {
  const row = await engine.db.prisma.notice.findFirstOrThrow({ where: { ref, kind: 'campaign.closed' } });
  const [file] = JSON.parse(row.attachmentsJson ?? '[]') as Array<{ base64: string }>;
  if (!file) throw new Error('the closing email has no attachment');
  return Buffer.from(file.base64, 'base64');
}
