// The activities a workflow's history shows, in order: those the server scheduled by name, and local
// activities (run by the worker inside a workflow task, workflows/obligation.ts STEP_LOCAL_PATCH) as
// `local:` and the name, read from the marker the worker records for each; and the patches it recorded.

import type { History } from '../../scripts/history-json.ts';

export function activitiesIn(history: History): string[] {
  return (history.events ?? []).flatMap((e) => {
    const scheduled = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) return [scheduled];
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    const data = marker.details?.data?.payloads?.[0]?.data;
    if (!data) return ['local:?'];
    const { activity_type: type } = JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string };
    return [`local:${type ?? '?'}`];
  });
}

/** The patches a history recorded (workflows/obligation.ts OBLIGATION_CURRENT_PATCH), and how many search-attribute updates it has. */
export function patchesIn(history: History): { patches: string[]; searchAttributeUpdates: number } {
  const patches: string[] = [];
  let searchAttributeUpdates = 0;
  for (const e of history.events ?? []) {
    if (e.upsertWorkflowSearchAttributesEventAttributes) searchAttributeUpdates++;
    const marker = e.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_patch' ? marker.details?.['patch-data']?.payloads?.[0]?.data : undefined;
    if (data) patches.push((JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id);
  }
  return { patches, searchAttributeUpdates };
}
