// The one word for each state a hazard, a duty task and a campaign can be in. The CLI, the emails and the
// Excel ledgers name a state only through this catalogue, so a state reads the same wherever it is shown.

import type { TaskStatus } from '../task.ts';

export const statusText = {
  hazard: { open: '整改中', submitted: '待复查', closed: '已销号' },
  /** A campaign's inspection is a task like any other: its states are the task's. */
  task: { open: '办理中', done: '已完成', overdue: '已逾期', cancelled: '已取消' } satisfies Record<TaskStatus, string>,
  campaign: { open: '进行中', closed: '已结束' },
  /** A status the catalogue does not know (a row written by a later version) is shown as stored. */
  name: <S extends string>(names: Readonly<Record<S, string>>, status: string): string => names[status as S] ?? status,
  /** `open 整改中 / submitted 待复查 / closed 已销号`: a list filter's choices, with their words. */
  choices: (names: Readonly<Record<string, string>>) => Object.entries(names).map(([status, word]) => `${status} ${word}`).join(' / '),
} as const;
