import { loadConfig } from '@roster/config';
import { otpStream, RequestRejectedError } from '@roster/domain';
import type { EventShape, EventStore, StreamAppend, UntypedEvent } from '@roster/event-store';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { CapturingNotifier } from '@roster/messaging';
import { Clock } from '../../clock';
import type { OtpRequest } from '../ports';
import { deriveAuthKeys } from '../secret/server-secret';
import { EventStoreOtpService, otpMessage } from './event-store-otp-service';

class MovableClock extends Clock {
  at = new Date('2026-01-01T00:00:00Z');
  now(): Date {
    return this.at;
  }
  advance(seconds: number): void {
    this.at = new Date(this.at.getTime() + seconds * 1000);
  }
}

const request: OtpRequest = { tenantId: 'pb', mobileNumber: '9876543210', purpose: 'register', userType: 'CITIZEN' };
const check = (code: string, purpose = request.purpose) => ({
  tenantId: 'pb',
  mobileNumber: '9876543210',
  purpose,
  code,
});

async function rejection(promise: Promise<unknown>): Promise<Pick<RequestRejectedError, 'kind' | 'code' | 'field'>> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof RequestRejectedError)) throw error;
    return { kind: error.kind, code: error.code, field: error.field };
  }
  throw new Error('expected a rejection');
}

const invalid = (code: string) => ({ kind: 'invalid', code, field: 'otpReference' });

describe('EventStoreOtpService', () => {
  let store: InMemoryEventStore;
  let notifier: CapturingNotifier;
  let clock: MovableClock;
  let otps: EventStoreOtpService;
  const keys = deriveAuthKeys(Buffer.alloc(32, 1));
  const serviceOn = (eventStore: EventStore, env: Record<string, string> = {}) =>
    new EventStoreOtpService(eventStore, notifier, clock, loadConfig(env), keys);

  beforeEach(() => {
    store = new InMemoryEventStore();
    notifier = new CapturingNotifier();
    clock = new MovableClock();
    otps = serviceOn(store);
  });

  it('delivers a 6-digit code in a DIGIT-like text, valid for 900 s', async () => {
    await otps.send(request);

    const [sent] = notifier.sent;
    const code = notifier.lastOtp('9876543210', 'register');
    expect(code).toMatch(/^\d{6}$/);
    expect(sent).toEqual({
      kind: 'otp',
      tenantId: 'pb',
      mobileNumber: '9876543210',
      purpose: 'register',
      code,
      message: `Dear Citizen, your OTP to complete your registration is ${code}. It is valid for 15 minutes.`,
      expiresAt: new Date('2026-01-01T00:15:00Z'),
    });
  });

  it('stores only a keyed hash of the code, in the stream of tenant, number and purpose', async () => {
    await otps.send(request);
    const code = notifier.lastOtp('9876543210');

    const events = await store.readStream('otp-pb-9876543210-register');
    expect(events.map((event) => event.type)).toEqual(['OtpIssued']);
    expect(JSON.stringify(events.map(({ data, metadata }) => [data, metadata]))).not.toContain(code);
    expect(events[0].data).toEqual({
      otpId: expect.any(String),
      codeHmac: expect.stringMatching(/^[\w-]{43}$/),
      expiresAt: '2026-01-01T00:15:00.000Z',
      at: '2026-01-01T00:00:00.000Z',
    });
  });

  it('accepts the right code once', async () => {
    await otps.send(request);
    const code = notifier.lastOtp('9876543210');

    await otps.consume(check(code));

    expect(await rejection(otps.consume(check(code)))).toEqual(invalid('OTP_USED'));
    expect((await store.readStream(otpStream('pb', '9876543210', 'register'))).map((event) => event.type)).toEqual([
      'OtpIssued',
      'OtpConsumed',
    ]);
  });

  it('refuses a wrong code and counts the try', async () => {
    await otps.send(request);
    const code = notifier.lastOtp('9876543210');

    expect(await rejection(otps.consume(check(wrong(code))))).toEqual(invalid('OTP_INVALID'));
    expect(await rejection(otps.consume(check('abc')))).toEqual(invalid('OTP_INVALID'));
    await otps.consume(check(code));
    expect((await store.readStream(otpStream('pb', '9876543210', 'register'))).map((event) => event.type)).toEqual([
      'OtpIssued',
      'OtpAttemptFailed',
      'OtpAttemptFailed',
      'OtpConsumed',
    ]);
  });

  it('after 5 wrong tries refuses even the right code', async () => {
    await otps.send(request);
    const code = notifier.lastOtp('9876543210');
    for (let attempt = 0; attempt < 5; attempt++)
      expect(await rejection(otps.consume(check(wrong(code))))).toEqual(invalid('OTP_INVALID'));

    expect(await rejection(otps.consume(check(code)))).toEqual(invalid('OTP_TOO_MANY_ATTEMPTS'));
  });

  it('refuses a code at or after its expiry', async () => {
    await otps.send(request);
    const code = notifier.lastOtp('9876543210');
    clock.advance(899);
    await otps.send({ ...request, purpose: 'login' });
    const loginCode = notifier.lastOtp('9876543210', 'login');
    clock.advance(1);

    expect(await rejection(otps.consume(check(code)))).toEqual(invalid('OTP_EXPIRED'));
    await otps.consume(check(loginCode, 'login'));
  });

  it('answers OTP_NOT_FOUND when no code was sent for that purpose, tenant or number', async () => {
    await otps.send(request);
    const code = notifier.lastOtp('9876543210');

    expect(await rejection(otps.consume(check(code, 'login')))).toEqual(invalid('OTP_NOT_FOUND'));
    expect(await rejection(otps.consume({ ...check(code), tenantId: 'mh' }))).toEqual(invalid('OTP_NOT_FOUND'));
    expect(await rejection(otps.consume({ ...check(code), mobileNumber: '9876543211' }))).toEqual(
      invalid('OTP_NOT_FOUND'),
    );
  });

  it('lets only the newest code count', async () => {
    await otps.send(request);
    const first = notifier.lastOtp('9876543210');
    await otps.send(request);
    const second = notifier.lastOtp('9876543210');

    if (first !== second) expect(await rejection(otps.consume(check(first)))).toEqual(invalid('OTP_INVALID'));
    await otps.consume(check(second));
  });

  it('limits sends per mobile number across purposes within the window', async () => {
    otps = serviceOn(store, { ROSTER_OTP_SEND_LIMIT: '3', ROSTER_OTP_SEND_WINDOW_SECONDS: '600' });
    await otps.send(request);
    clock.advance(60);
    await otps.send({ ...request, purpose: 'login' });
    await otps.send({ ...request, purpose: 'passwordreset' });

    expect(await rejection(otps.send(request))).toEqual({
      kind: 'rate_limited',
      code: 'OTP_RATE_LIMITED',
      field: 'mobileNumber',
    });
    expect(await rejection(otps.send({ ...request, purpose: 'login' }))).toMatchObject({ code: 'OTP_RATE_LIMITED' });
    await otps.send({ ...request, mobileNumber: '9876543211' });
    await otps.send({ ...request, tenantId: 'mh' });

    clock.advance(541); // the first send left the window
    await otps.send(request);
    expect(await rejection(otps.send(request))).toMatchObject({ code: 'OTP_RATE_LIMITED' });
    expect(notifier.sent).toHaveLength(6);
  });

  it('spends a code once when two checks race', async () => {
    const racing = new RacingStore(store);
    otps = serviceOn(racing);
    await otps.send(request);
    const code = notifier.lastOtp('9876543210');

    const outcomes = await racing.race(() =>
      Promise.allSettled([otps.consume(check(code)), otps.consume(check(code))]),
    );

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason).toMatchObject({ code: 'OTP_USED' });
  });

  it('does not let two racing sends pass the limit together', async () => {
    const racing = new RacingStore(store);
    otps = serviceOn(racing, { ROSTER_OTP_SEND_LIMIT: '1' });

    const outcomes = await racing.race(() =>
      Promise.allSettled([otps.send(request), otps.send({ ...request, purpose: 'login' })]),
    );

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(notifier.sent).toHaveLength(1);
  });

  it('words each purpose the way DIGIT does', () => {
    expect(otpMessage('login', '123456', 900)).toBe(
      'Dear Citizen, your login OTP is 123456. It is valid for 15 minutes.',
    );
    expect(otpMessage('passwordreset', '123456', 60)).toBe(
      'Dear Citizen, your OTP for recovering your password is 123456. It is valid for 1 minutes.',
    );
  });
});

function wrong(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

/** Holds every append until all racers have read, so their decisions are made on the same state. */
class RacingStore extends InMemoryEventStore {
  private held: Array<() => void> | null = null;
  private racers = 0;

  constructor(private readonly inner: InMemoryEventStore) {
    super();
  }

  async race<T>(run: () => Promise<T>): Promise<T> {
    this.held = [];
    this.racers = 2;
    return run();
  }

  override readStream<E extends EventShape = UntypedEvent>(stream: string, fromRevision?: number) {
    return this.inner.readStream<E>(stream, fromRevision);
  }

  override async appendMany(appends: StreamAppend[]) {
    if (this.held) {
      await new Promise<void>((resolve) => {
        this.held!.push(resolve);
        if (this.held!.length === this.racers) {
          const release = this.held!;
          this.held = null;
          release.forEach((go) => go());
        }
      });
    }
    return this.inner.appendMany(appends);
  }
}
