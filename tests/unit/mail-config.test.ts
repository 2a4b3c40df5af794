// Mail settings from the environment: SMTP when SMTP_URL is set, the outbox folder otherwise; a bad
// setting stops the start with a message that names the variable and never shows the password.

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAIL_FROM, describeMailConfig, mailConfigFromEnv, parseSmtpUrl } from '../../activities/mail/config.ts';
import { MailConfigError } from '../../activities/mail/errors.ts';

const outboxDir = 'var/outbox';

function configError(env: Record<string, string>): MailConfigError {
  try {
    mailConfigFromEnv(env, { outboxDir });
  } catch (error) {
    expect(error).toBeInstanceOf(MailConfigError);
    return error as MailConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('mailConfigFromEnv', () => {
  it('without SMTP_URL, notices go to the outbox folder, from anwei@localhost', () => {
    expect(mailConfigFromEnv({}, { outboxDir })).toEqual({ type: 'outbox', dir: resolve(outboxDir), from: DEFAULT_MAIL_FROM });
    expect(mailConfigFromEnv({ SMTP_URL: '  ' }, { outboxDir }).type).toBe('outbox');
  });

  it('with SMTP_URL, through that server, from ANWEI_MAIL_FROM', () => {
    const env = { SMTP_URL: 'smtps://anban%40qingshan.example:s3cret@smtp.qingshan.example', ANWEI_MAIL_FROM: 'anban@qingshan.example' };
    expect(mailConfigFromEnv(env, { outboxDir })).toEqual({ type: 'smtp', url: env.SMTP_URL, from: 'anban@qingshan.example' });
  });

  it('reads user, password, port and security from the URL', () => {
    expect(parseSmtpUrl('smtps://anban%40qingshan.example:p%40ss%3Aw%2Frd@smtp.qingshan.example')).toMatchObject({
      host: 'smtp.qingshan.example',
      port: 465,
      secure: true,
      auth: { user: 'anban@qingshan.example', pass: 'p@ss:w/rd' },
      requireTLS: false,
      rejectUnauthorized: true,
    });
    expect(parseSmtpUrl('smtp://mail.qingshan.example')).toMatchObject({ port: 587, secure: false });
    expect(parseSmtpUrl('smtp://mail.qingshan.example').auth).toBeUndefined();
    expect(parseSmtpUrl('smtp://127.0.0.1:2525?requireTLS=true&rejectUnauthorized=false')).toMatchObject({
      host: '127.0.0.1',
      port: 2525,
      requireTLS: true,
      rejectUnauthorized: false,
    });
    expect(parseSmtpUrl('smtp://[::1]:25').host).toBe('::1');
  });

  const bad: Array<[string, string]> = [
    ['not a url at all', '不是有效的网址'],
    ['http://anban:s3cret@mail.qingshan.example', 'http:'],
    ['smtp://anban@mail.qingshan.example', '却没有密码'],
    ['smtp://:s3cret@mail.qingshan.example', '有密码却没有用户名'],
    ['smtp://anban:s3cret@mail.qingshan.example/inbox', '路径'],
    ['smtp://anban:s3cret@mail.qingshan.example#x', '#'],
    ['smtp://anban:s3cret@mail.qingshan.example?secure=true', '未知的参数 secure'],
    ['smtp://anban:s3cret@mail.qingshan.example?requireTLS=yes', 'requireTLS=yes'],
    ['smtp://anban:s3cret%zz@mail.qingshan.example', '转义'],
    ['smtp://anban:s3cret@:25', ''],
  ];
  for (const [url, why] of bad) {
    it(`refuses ${url.replace('s3cret', '…')}`, () => {
      const error = configError({ SMTP_URL: url });
      expect(error.message).toContain('SMTP_URL');
      expect(error.message).toContain(why);
      expect(error.message).toContain('smtp://用户名:密码@主机:端口'); // how to write it
      expect(error.message).not.toContain('s3cret');
    });
  }

  it('refuses an invalid sender, naming ANWEI_MAIL_FROM, together with an SMTP_URL problem', () => {
    const error = configError({ ANWEI_MAIL_FROM: '安委会 <anban@qingshan.example>', SMTP_URL: 'smtp://anban@x' });
    expect(error.message).toContain('ANWEI_MAIL_FROM');
    expect(error.message).toContain('SMTP_URL');
    expect(error.message.split('\n')).toHaveLength(2);
  });
});

describe('describeMailConfig', () => {
  it('says where notices go, with the password hidden', () => {
    const smtp = describeMailConfig({ type: 'smtp', url: 'smtps://anban%40qingshan.example:s3cret@smtp.qingshan.example', from: 'anban@qingshan.example' });
    expect(smtp).toBe('邮件：经 SMTP 服务器 smtps://anban%40qingshan.example:***@smtp.qingshan.example:465 发送（发件人 anban@qingshan.example）');
    expect(describeMailConfig({ type: 'smtp', url: 'smtp://127.0.0.1:2525', from: 'a@b' })).toContain('smtp://127.0.0.1:2525 ');
    expect(describeMailConfig({ type: 'outbox', dir: '/srv/anwei/outbox', from: 'anwei@localhost' })).toContain('/srv/anwei/outbox');
    expect(describeMailConfig({ type: 'capture', from: 'anwei@localhost' })).toContain('不发送');
  });

  it('never shows an unreadable URL, which might hold a password', () => {
    expect(describeMailConfig({ type: 'smtp', url: 'smtp://anban:s3cret@', from: 'a@b' })).not.toContain('s3cret');
  });
});
