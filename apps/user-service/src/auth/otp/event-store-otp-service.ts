import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { RosterConfig } from '@roster/config';
import {
  decideOtp,
  evolveOtp,
  initialOtpState,
  OTP_PURPOSES,
  OtpEvent,
  OtpPurpose,
  otpStream,
  OtpState,
  wrongOtp,
} from '@roster/domain';
import { Decide, EventStore, handleCommand, StreamAppend, unchangedSince } from '@roster/event-store';
import { Notifier } from '@roster/messaging';
import { Clock } from '../../clock';
import { OtpRequest, OtpService } from '../ports';
import { AUTH_KEYS, AuthKeys } from '../secret/server-secret';

type OtpCheck = Omit<OtpRequest, 'userType'> & { code: string };

/**
 * OTPs in small event-store streams (the OTP decider of the domain), so every user-service process sees the same codes,
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
    const expiresAt = await this.issue(request, code);
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

  async consume(request: OtpCheck): Promise<void> {
    const matches = (codeHmac: string) => this.matches(codeHmac, request);
    const { events } = await this.decide(
      otpStream(request.tenantId, request.mobileNumber, request.purpose),
      ({ state }) => ({
        events: decideOtp(
          { type: 'CheckOtp', data: { matches, policy: this.settings, at: this.clock.now().toISOString() } },
          state,
        ),
      }),
    );
    if (events.some((event) => event.type === 'OtpAttemptFailed')) throw wrongOtp();
  }

  /** Asserts the revisions of the other purposes' streams it counted, so concurrent sends cannot both slip under the limit. */
  private async issue(request: OtpRequest, code: string): Promise<Date> {
    const ownStream = otpStream(request.tenantId, request.mobileNumber, request.purpose);
    const { events } = await this.decide(ownStream, async ({ state }) => {
      const others = OTP_PURPOSES.filter((purpose) => purpose !== request.purpose).map((purpose) =>
        otpStream(request.tenantId, request.mobileNumber, purpose),
      );
      const elsewhere = await Promise.all(
        others.map((stream) => this.store.aggregate(stream, evolveOtp, initialOtpState)),
      );
      const data = {
        otpId: randomUUID(),
        codeHmac: this.codeHmac(request, code),
        issuedElsewhereAt: elsewhere.flatMap((other) => other.state.issuedAt),
      };
      const guards: StreamAppend[] = others.map((stream, index) => ({
        stream,
        events: [],
        expectedRevision: unchangedSince(elsewhere[index].revision),
      }));
      return {
        events: decideOtp(
          { type: 'IssueOtp', data: { ...data, policy: this.settings, at: this.clock.now().toISOString() } },
          state,
        ),
        alsoAppend: guards,
      };
    });
    const [issued] = events;
    if (issued?.type !== 'OtpIssued') throw new Error('IssueOtp decided no OtpIssued');
    return new Date(issued.data.expiresAt);
  }

  private decide(stream: string, decide: Decide<OtpState, OtpEvent>) {
    return handleCommand(this.store, stream, decide, { evolve: evolveOtp, initialState: initialOtpState });
  }

  private matches(codeHmac: string, request: OtpCheck): boolean {
    const expected = Buffer.from(codeHmac, 'base64url');
    const given = Buffer.from(this.codeHmac(request, request.code), 'base64url');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  // Binding tenant, number and purpose into the MAC keeps a code from counting for any other use of it.
  private codeHmac(request: Omit<OtpRequest, 'userType'>, code: string): string {
    return createHmac('sha256', this.otpKey)
      .update(`${request.tenantId}|${request.mobileNumber}|${request.purpose}|${code}`)
      .digest('base64url');
  }
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
