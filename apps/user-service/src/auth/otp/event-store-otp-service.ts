import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { RosterConfig } from '@roster/config';
import { OtpPurpose, RequestRejectedError } from '@roster/domain';
import { EventStore, NewEvent, WrongExpectedRevisionError } from '@roster/event-store';
import { Notifier } from '@roster/messaging';
import { Clock } from '../../clock';
import { OtpRequest, OtpService } from '../ports';
import { AUTH_KEYS, AuthKeys } from '../secret/server-secret';
import { foldOtpStream, LiveOtp, OTP_PURPOSES, OtpEvent, otpStream, OtpStreamState } from './otp-stream';

/** Appends that lost a race are decided again on fresh state; more losses than this in a row is a bug or an attack. */
const MAX_RACES = 5;

type OtpCheck = Omit<OtpRequest, 'userType'> & { code: string };

/**
 * OTPs in small event-store streams (see otp-stream.ts), so every user-service process sees the same codes,
 * attempts and spends. Each decision appends with the revision it read: of two requests racing on one
 * code, one wins and the other decides again (so a code is spent once, and every wrong try is counted).
 *
 * The send limit counts the codes sent to one mobile number in the tenant across all purposes within the
 * window: per purpose it would allow three times the limit. A send asserts the revisions of all three
 * purpose streams it counted, so concurrent sends cannot both slip under the limit.
 */
@Injectable()
export class EventStoreOtpService extends OtpService {
  private readonly settings: RosterConfig['egov']['otp'];
  private readonly otpKey: Buffer;

  constructor(
    private readonly store: EventStore,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    config: RosterConfig,
    @Inject(AUTH_KEYS) keys: AuthKeys,
  ) {
    super();
    this.settings = config.egov.otp;
    this.otpKey = keys.otpKey;
  }

  async send(request: OtpRequest): Promise<void> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = await this.retryingRaces(() => this.issue(request, code));
    await this.notifier.send({
      kind: 'otp',
      tenantId: request.tenantId,
      mobileNumber: request.mobileNumber,
      purpose: request.purpose,
      message: otpMessage(request.purpose, code, this.settings.ttlSeconds),
      code,
      expiresAt,
    });
  }

  consume(request: OtpCheck): Promise<void> {
    return this.retryingRaces(() => this.check(request));
  }

  private async issue(request: OtpRequest, code: string): Promise<Date> {
    const now = this.clock.now();
    const streams = OTP_PURPOSES.map((purpose) => otpStream(request.tenantId, request.mobileNumber, purpose));
    const states = await Promise.all(streams.map(async (stream) => foldOtpStream(await this.store.readStream(stream))));
    const windowStart = now.getTime() - this.settings.sendWindowSeconds * 1000;
    const sentInWindow = states.flatMap((state) => state.issuedAt).filter((at) => at.getTime() > windowStart).length;
    if (sentInWindow >= this.settings.sendLimit) {
      throw new RequestRejectedError('rate_limited', 'OTP_RATE_LIMITED', 'too many OTPs were sent to this mobile number; try again later', 'mobileNumber');
    }
    const expiresAt = new Date(now.getTime() + this.settings.ttlSeconds * 1000);
    const ownStream = otpStream(request.tenantId, request.mobileNumber, request.purpose);
    const issued: OtpEvent = {
      type: 'OtpIssued',
      data: { otpId: randomUUID(), codeHmac: this.codeHmac(request, code), expiresAt: expiresAt.toISOString(), at: now.toISOString() },
    };
    await this.store.appendMany(
      streams.map((stream, index) => ({
        stream,
        events: stream === ownStream ? [toNewEvent(issued)] : [],
        expectedRevision: expectedRevisionOf(states[index]),
      })),
    );
    return expiresAt;
  }

  private async check(request: OtpCheck): Promise<void> {
    const now = this.clock.now();
    const stream = otpStream(request.tenantId, request.mobileNumber, request.purpose);
    const state = foldOtpStream(await this.store.readStream(stream));
    const live = this.usable(state.live, now);
    const at = now.toISOString();
    if (!this.matches(live, request)) {
      await this.store.append(stream, [toNewEvent({ type: 'OtpAttemptFailed', data: { otpId: live.otpId, at } })], state.revision);
      throw rejected('OTP_INVALID', 'the OTP is not correct');
    }
    await this.store.append(stream, [toNewEvent({ type: 'OtpConsumed', data: { otpId: live.otpId, at } })], state.revision);
  }

  /** The live code, when a try against it may still count; otherwise the rejection that says why not. */
  private usable(live: LiveOtp | null, now: Date): LiveOtp {
    if (!live) throw rejected('OTP_NOT_FOUND', 'no OTP was sent to this mobile number for this purpose');
    if (live.consumed) throw rejected('OTP_USED', 'the OTP was already used; request a new one');
    if (live.failedAttempts >= this.settings.maxAttempts) throw rejected('OTP_TOO_MANY_ATTEMPTS', 'too many wrong tries; request a new OTP');
    if (now.getTime() >= live.expiresAt.getTime()) throw rejected('OTP_EXPIRED', 'the OTP has expired; request a new one');
    return live;
  }

  private matches(live: LiveOtp, request: OtpCheck): boolean {
    const expected = Buffer.from(live.codeHmac, 'base64url');
    const given = Buffer.from(this.codeHmac(request, request.code), 'base64url');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  // Binding tenant, number and purpose into the MAC keeps a code from counting for any other use of it.
  private codeHmac(request: Omit<OtpRequest, 'userType'>, code: string): string {
    return createHmac('sha256', this.otpKey).update(`${request.tenantId}|${request.mobileNumber}|${request.purpose}|${code}`).digest('base64url');
  }

  private async retryingRaces<T>(decide: () => Promise<T>): Promise<T> {
    for (let race = 1; ; race++) {
      try {
        return await decide();
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || race >= MAX_RACES) throw error;
      }
    }
  }
}

function expectedRevisionOf(state: OtpStreamState): number | 'no_stream' {
  return state.revision === -1 ? 'no_stream' : state.revision;
}

function toNewEvent(event: OtpEvent): NewEvent {
  return { type: event.type, data: { ...event.data } };
}

function rejected(code: string, message: string): RequestRejectedError {
  return new RequestRejectedError('invalid', code, message, 'otpReference');
}

/** In the words of DIGIT's user-otp messages, so citizens get the text they know. */
export function otpMessage(purpose: OtpPurpose, code: string, ttlSeconds: number): string {
  const validity = `It is valid for ${Math.max(1, Math.round(ttlSeconds / 60))} minutes.`;
  switch (purpose) {
    case 'register':
      return `Dear Citizen, your OTP to complete your registration is ${code}. ${validity}`;
    case 'login':
      return `Dear Citizen, your login OTP is ${code}. ${validity}`;
    case 'passwordreset':
      return `Dear Citizen, your OTP for recovering your password is ${code}. ${validity}`;
  }
}
