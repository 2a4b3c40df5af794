// Workflow histories as JSON files (tests/replay/histories/), in Temporal's own history format (what `temporal workflow show
// --output json` writes): the recorder (scripts/record-histories.ts) writes them, the replay test reads them.
//
// The SDK's historyToJSON/historyFromJSON (@temporalio/common/lib/proto-utils) fail in this install with
// "type must be a Type": @temporalio/common and @temporalio/proto each get their own nested copy of
// protobufjs 8 (the top-level one is 7, for @grpc/proto-loader), so common's protojson does not
// recognise the proto package's reflected types. When that happens we use protojson from the protobufjs
// copy @temporalio/proto itself resolves, which converts the same types the same way.

import { createRequire } from 'node:module';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root.js';

export type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

let fallback: { protojson: ProtoJson; historyType: unknown } | undefined;

function protoJson() {
  if (!fallback) {
    const requireFromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
    const protojson = requireFromProto('protobufjs/ext/protojson') as ProtoJson;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const historyType = (patchProtobufRoot(proto) as any).lookupType('temporal.api.history.v1.History');
    fallback = { protojson, historyType };
  }
  return fallback;
}

const isTypeMismatch = (error: unknown) => error instanceof TypeError && /must be a Type/.test(error.message);

/** A history as JSON text, pretty-printed (diffs of re-recorded histories stay readable). */
export function historyToJSONText(history: History): string {
  let json: string;
  try {
    json = historyToJSON(history);
  } catch (error) {
    if (!isTypeMismatch(error)) throw error;
    const { protojson, historyType } = protoJson();
    json = JSON.stringify(protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)));
  }
  return `${JSON.stringify(JSON.parse(json), null, 2)}\n`;
}

/** A history from JSON text written by historyToJSONText (or by the Temporal CLI). */
export function historyFromJSONText(text: string): History {
  const json: unknown = JSON.parse(text);
  try {
    return historyFromJSON(json);
  } catch (error) {
    if (!isTypeMismatch(error)) throw error;
    const { protojson, historyType } = protoJson();
    const history = protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
    if (!history) throw new TypeError('invalid history JSON');
    return history as History;
  }
}

/** The workflow id a hazard history belongs to (histories do not carry it; the start input does). */
export function hazardIdOf(history: History): string {
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const payload = started?.input?.payloads?.[0];
  if (!payload?.data) throw new TypeError('the history does not start with a workflow input');
  return (JSON.parse(Buffer.from(payload.data).toString('utf8')) as { hazardId: string }).hazardId;
}

/** The workflow id a hazard's, a duty's, a task's or a campaign's history belongs to, from its start input. */
export function workflowIdOf(history: History): string {
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const payload = started?.input?.payloads?.[0];
  if (!payload?.data) throw new TypeError('the history does not start with a workflow input');
  const input = JSON.parse(Buffer.from(payload.data).toString('utf8')) as { hazardId?: string; dutyId?: string; spec?: { id: string; template?: string } };
  const type = started?.workflowType?.name;
  if (type === 'dutyWorkflow' && input.dutyId) return `duty:${input.dutyId}`; // dutyWorkflowId
  if (type === 'campaignWorkflow' && input.spec) return `campaign:${input.spec.id}`; // campaignWorkflowId
  if (input.spec) return input.spec.id; // taskWorkflowId: the task id itself
  return `hazard:${hazardIdOf(history)}`;
}
