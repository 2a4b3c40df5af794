// 钉钉自定义机器人 (docs/robots.md): POST the webhook (…/robot/send?access_token=TOKEN), with `timestamp` (ms)
// and `sign` added when the robot is set to 加签: base64(HmacSHA256(key = secret, message = `timestamp\nsecret`)),
// URL-encoded. A markdown message @-mentions by mobile: the mobiles in `at.atMobiles` and `@mobile` in the text.

import { createHmac } from 'node:crypto';
import { robotText } from '../../domain/text/robots.ts';
import { isRecord, truncateBytes, type RobotAnswer, type RobotProtocol } from './protocol.ts';

/** The request body may not exceed 20 KB: the text is kept well below, room left for title and mentions. */
export const DINGTALK_TEXT_BYTES = 18_000;

/** 130101: send too fast, exceed 20 times per minute; 410100: 发送速度太快而限流. */
export const DINGTALK_RATE_LIMITED = [130101, 410100];
/** -1: 系统繁忙. */
export const DINGTALK_BUSY = [-1];

/** The 加签 signature of `timestampMs`: base64 HmacSHA256 of `timestamp\nsecret` keyed by the secret (not yet URL-encoded). */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export const dingtalk: RobotProtocol = {
  request(target, message, nowMs) {
    const url = new URL(target.webhook);
    if (target.secret) {
      // URLSearchParams encodes `+`, `/` and `=` of the base64 as the robot expects.
      url.searchParams.set('timestamp', String(nowMs));
      url.searchParams.set('sign', dingtalkSign(target.secret, nowMs));
    }
    const at = message.mentions.length ? `\n\n${message.mentions.map((m) => `@${m}`).join(' ')}` : '';
    const text = `${truncateBytes(`#### ${message.title}\n\n${message.markdown}`, DINGTALK_TEXT_BYTES)}${at}`;
    return {
      url: url.toString(),
      body: { msgtype: 'markdown', markdown: { title: message.title, text }, at: { atMobiles: message.mentions, isAtAll: false } },
    };
  },

  answer(status, body): RobotAnswer {
    if (!isRecord(body) || typeof body.errcode !== 'number') return { outcome: 'transient', detail: robotText.badAnswer(status) };
    const code = body.errcode;
    if (code === 0) return { outcome: 'sent' };
    const detail = robotText.refused('dingtalk', code, String(body.errmsg ?? ''));
    if (DINGTALK_RATE_LIMITED.includes(code)) return { outcome: 'rate_limited', detail };
    if (DINGTALK_BUSY.includes(code)) return { outcome: 'transient', detail };
    // 300001 token is not exist, 310000 sign not match / keywords not in content / ip not in whitelist, 400013 群已被解散, …
    return { outcome: 'permanent', detail };
  },
};
