// The group robots' clients by kind (docs/robots.md). Each is one POST; the dispatcher (dispatcher.ts) decides when.

import type { RobotKind } from '../../domain/profile.ts';
import { dingtalk } from './dingtalk.ts';
import { feishu } from './feishu.ts';
import type { RobotProtocol } from './protocol.ts';
import { wecom } from './wecom.ts';

export const ROBOT_PROTOCOLS: Record<RobotKind, RobotProtocol> = { wecom, dingtalk, feishu };

export { postOnce, type FetchLike, type RobotAnswer, type RobotMessage, type RobotTarget } from './protocol.ts';
