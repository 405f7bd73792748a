import { Logger } from '@nestjs/common';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingPublisher } from '../testing/recording-publisher';
import { CapturingNotifier } from './capturing-notifier';
import { FileNotifier, readNotificationFile } from './file-notifier';
import { KafkaNotifier } from './kafka-notifier';
import { LoggingNotifier } from './logging-notifier';
import { maskEmailAddress, maskMobileNumber } from './masking';
import type { Email, OtpSms, Sms } from './notifier';

const expiresAt = new Date('2026-01-01T00:15:00Z');
const otp: OtpSms = {
  kind: 'otp',
  tenantId: 'pb',
  mobileNumber: '9876547890',
  purpose: 'register',
  message: 'Dear Citizen, your OTP to complete your registration is 123456.',
  code: '123456',
  expiresAt,
};
const sms: Sms = {
  kind: 'sms',
  tenantId: 'pb.amritsar',
  mobileNumber: '9876547890',
  message: 'Your complaint 42 was resolved.',
};
const email: Email = {
  kind: 'email',
  tenantId: 'pb',
  to: ['asha@example.org', 'ravi@example.org'],
  subject: 'Welcome',
  body: '<p>Hello</p>',
  isHtml: true,
};

describe('masking', () => {
  it('keeps the last four digits of a mobile number', () => {
    expect(maskMobileNumber('9876547890')).toBe('******7890');
    expect(maskMobileNumber('123')).toBe('**123');
  });

  it('keeps the first letter and the domain of an address', () => {
    expect(maskEmailAddress('asha@example.org')).toBe('a***@example.org');
    expect(maskEmailAddress('not-an-address')).toBe('***');
  });
});

describe('LoggingNotifier', () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  });
  afterEach(() => jest.restoreAllMocks());

  it('logs one masked line per notification, never the code or the text', async () => {
    const notifier = new LoggingNotifier();
    await notifier.send(otp);
    await notifier.send(sms);
    await notifier.send(email);

    expect(lines).toEqual([
      'OTP for ******7890 (register, tenant pb) sent',
      'SMS for ******7890 (tenant pb.amritsar) sent',
      'e-mail to a***@example.org and 1 more (tenant pb) sent',
    ]);
    const logged = lines.join('\n');
    for (const secret of ['123456', '9876547890', 'complaint', 'Hello', 'asha@']) expect(logged).not.toContain(secret);
  });
});

describe('CapturingNotifier', () => {
  it('hands out the newest code per mobile number and purpose', async () => {
    const notifier = new CapturingNotifier();
    await notifier.send(otp);
    await notifier.send({ ...otp, purpose: 'login', code: '654321' });
    await notifier.send(sms);

    expect(notifier.lastOtp('9876547890')).toBe('654321');
    expect(notifier.lastOtp('9876547890', 'register')).toBe('123456');
    expect(() => notifier.lastOtp('9876547890', 'passwordreset')).toThrow(
      'no OTP was sent to 9876547890 for passwordreset',
    );
    expect(notifier.sent).toHaveLength(3);
    notifier.clear();
    expect(notifier.sent).toHaveLength(0);
  });
});

describe('FileNotifier', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'roster-notifier-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('appends one JSON line per notification, code included, readable only by the owner', async () => {
    const path = join(dir, 'nested', 'notifications.jsonl');
    const notifier = new FileNotifier(path);
    await notifier.send(otp);
    await notifier.send(sms);

    expect(await readNotificationFile(path)).toEqual([{ ...otp, expiresAt: expiresAt.toISOString() }, { ...sms }]);
    expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(3);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('reads a missing file as no notifications', async () => {
    expect(await readNotificationFile(join(dir, 'absent.jsonl'))).toEqual([]);
  });
});

describe('KafkaNotifier', () => {
  const topics = {
    otpSms: 'egov.core.notification.sms.otp',
    sms: 'egov.core.notification.sms',
    email: 'egov.core.notification.email',
  };

  it("publishes DIGIT's SMS and e-mail requests, keyed by recipient, to their topics", async () => {
    const publisher = new RecordingPublisher();
    const notifier = new KafkaNotifier(publisher, topics);
    await notifier.onModuleInit();
    await notifier.send(otp);
    await notifier.send(sms);
    await notifier.send(email);

    expect(publisher.connected).toBe(true);
    const read = (topic: string) =>
      publisher.messagesOf(topic).map(({ key, value }) => [key, JSON.parse(String(value))]);
    expect(read(topics.otpSms)).toEqual([
      [
        '9876547890',
        {
          mobileNumber: '9876547890',
          message: otp.message,
          category: 'OTP',
          expiryTime: expiresAt.getTime(),
          tenantId: 'pb',
        },
      ],
    ]);
    expect(read(topics.sms)).toEqual([
      [
        '9876547890',
        { mobileNumber: '9876547890', message: sms.message, category: 'NOTIFICATION', tenantId: 'pb.amritsar' },
      ],
    ]);
    expect(read(topics.email)).toEqual([
      [
        'asha@example.org',
        {
          email: {
            emailTo: ['asha@example.org', 'ravi@example.org'],
            subject: 'Welcome',
            body: '<p>Hello</p>',
            isHTML: true,
          },
          tenantId: 'pb',
        },
      ],
    ]);
    await notifier.beforeApplicationShutdown();
    expect(publisher.connected).toBe(false);
  });

  it('rejects when the broker does not acknowledge, so the caller does not report the OTP as sent', async () => {
    const publisher = new RecordingPublisher();
    publisher.failNext(1);
    await expect(new KafkaNotifier(publisher, topics).send(otp)).rejects.toThrow('broker unavailable');
  });
});
