// 企业微信群机器人 (docs/robots.md): POST the webhook as given (…/cgi-bin/webhook/send?key=KEY), no signature
// (the key is the credential). Markdown cannot @ by mobile, so a post with people to mention goes as a text
// message with `mentioned_mobile_list`; one without goes as markdown.

import { robotText } from '../../domain/text/robots.ts';
import { isRecord, plainText, truncateBytes, type RobotAnswer, type RobotProtocol } from './protocol.ts';

/** markdown.content: at most 4096 bytes (UTF-8); text.content: at most 2048. */
export const WECOM_MARKDOWN_BYTES = 4096;
export const WECOM_TEXT_BYTES = 2048;

/** 45009: api freq out of limit (20 a minute a robot). */
export const WECOM_RATE_LIMITED = [45009];
/** -1: system busy. */
export const WECOM_BUSY = [-1];

export const wecom: RobotProtocol = {
  request(target, message) {
    const url = new URL(target.webhook).toString();
    if (message.mentions.length === 0) {
      const content = truncateBytes(`**${message.title}**\n${message.markdown}`, WECOM_MARKDOWN_BYTES);
      return { url, body: { msgtype: 'markdown', markdown: { content } } };
    }
    const content = truncateBytes(plainText(`${message.title}\n${message.markdown}`), WECOM_TEXT_BYTES);
    return { url, body: { msgtype: 'text', text: { content, mentioned_mobile_list: message.mentions } } };
  },

  answer(status, body): RobotAnswer {
    if (!isRecord(body) || typeof body.errcode !== 'number') return { outcome: 'transient', detail: robotText.badAnswer(status) };
    const code = body.errcode;
    if (code === 0) return { outcome: 'sent' };
    const detail = robotText.refused('wecom', code, String(body.errmsg ?? ''));
    if (WECOM_RATE_LIMITED.includes(code)) return { outcome: 'rate_limited', detail };
    if (WECOM_BUSY.includes(code)) return { outcome: 'transient', detail };
    // 93000 invalid webhook url (a wrong or deleted key), 40008 bad message type, 44004 empty content, …
    return { outcome: 'permanent', detail };
  },
};
