// 飞书自定义机器人 (docs/robots.md): POST the webhook (…/open-apis/bot/v2/hook/TOKEN) an interactive card whose
// body is one markdown element. With 签名校验, the body also carries `timestamp` (seconds) and `sign`:
// base64(HmacSHA256(key = `timestamp\nsecret`, message = empty)). A custom bot can @ only by open_id/user_id,
// which a mobile does not give: the people concerned are named in the text instead (`请 张三、李四 处理`).

import { createHmac } from 'node:crypto';
import { robotText } from '../../domain/text/robots.ts';
import { isRecord, truncateBytes, type RobotAnswer, type RobotProtocol } from './protocol.ts';

/** The request body may not exceed 20 KB: the markdown is kept well below. */
export const FEISHU_TEXT_BYTES = 18_000;

/** 11232: frequency limited. */
export const FEISHU_RATE_LIMITED = [11232];

/** The 签名校验 signature of `timestampSeconds`: base64 HmacSHA256 keyed by `timestamp\nsecret` over nothing. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update(Buffer.alloc(0)).digest('base64');
}

export const feishu: RobotProtocol = {
  request(target, message, nowMs) {
    const url = new URL(target.webhook).toString();
    const card = {
      header: { title: { tag: 'plain_text', content: message.title }, template: 'orange' },
      elements: [{ tag: 'markdown', content: truncateBytes(message.markdown, FEISHU_TEXT_BYTES) }],
    };
    const seconds = Math.floor(nowMs / 1000);
    const signed = target.secret ? { timestamp: String(seconds), sign: feishuSign(target.secret, seconds) } : {};
    return { url, body: { ...signed, msg_type: 'interactive', card } };
  },

  answer(status, body): RobotAnswer {
    if (!isRecord(body)) return { outcome: 'transient', detail: robotText.badAnswer(status) };
    // `code` is the answer; old answers carry only the redundant `StatusCode`.
    const code = typeof body.code === 'number' ? body.code : typeof body.StatusCode === 'number' ? body.StatusCode : undefined;
    if (code === undefined) return { outcome: 'transient', detail: robotText.badAnswer(status) };
    if (code === 0) return { outcome: 'sent' };
    const detail = robotText.refused('feishu', code, String(body.msg ?? body.StatusMessage ?? ''));
    if (FEISHU_RATE_LIMITED.includes(code)) return { outcome: 'rate_limited', detail };
    // 19021 sign match fail or timestamp not within one hour, 19022 ip not allowed, 19024 key words not found, 9499 bad request, …
    return { outcome: 'permanent', detail };
  },
};
