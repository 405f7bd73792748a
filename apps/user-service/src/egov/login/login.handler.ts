import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RosterConfig } from '@roster/config';
import { ExistingUser, isLocked, passwordExpiresAt, RequestRejectedError } from '@roster/domain';
import { EgovTokenGrant } from '@roster/user-service-contract';
import { OtpService, PasswordHasher } from '../../auth/ports';
import { accountLocked, invalidGrant, passwordExpired } from '../egov-errors';
import { Clock } from '../../clock';
import { EgovTokenGrants } from '../egov-token-grants';
import { EgovUserLookup } from '../egov-user-lookup';
import { EgovUserUpdates, NextCommand } from '../egov-user-updates';
import { EgovLoginCommand } from './login.command';

/** A citizen may log in with a live `login` OTP instead of a password; a valid password never looks like one (policy). */
const OTP_CODE = /^[0-9]{6}$/;

/**
 * The `password` grant. Every failure of the credentials answers the same `invalid_grant` after the same
 * amount of hashing work (an unknown user costs a `verifyNothing`), so neither the message nor the timing
 * tells whether a user exists. A wrong secret counts towards the lockout; a locked account is refused
 * before any secret is checked, so a lock really stops guessing.
 */
@CommandHandler(EgovLoginCommand)
export class EgovLoginHandler implements ICommandHandler<EgovLoginCommand, EgovTokenGrant> {
  constructor(
    private readonly lookup: EgovUserLookup,
    private readonly clock: Clock,
    private readonly updates: EgovUserUpdates,
    private readonly grants: EgovTokenGrants,
    private readonly hasher: PasswordHasher,
    private readonly otp: OtpService,
    private readonly config: RosterConfig,
  ) {}

  async execute({ request }: EgovLoginCommand): Promise<EgovTokenGrant> {
    const found = await this.lookup.findByUserName(request.tenantId, request.userType, request.userName);
    if (!found) {
      await this.hasher.verifyNothing(request.password);
      throw invalidGrant();
    }
    const user = found.state;
    const at = this.clock.now().toISOString();
    if (isLocked(user, at)) {
      await this.hasher.verifyNothing(request.password);
      throw accountLocked();
    }
    const byOtp = user.userType === 'CITIZEN' && OTP_CODE.test(request.password);
    if (!byOtp && user.passwordHash === null) {
      await this.hasher.verifyNothing(request.password);
      throw invalidGrant();
    }
    const proved = byOtp
      ? await this.otpMatches(user, request.password)
      : await this.hasher.verify(user.passwordHash as string, request.password);
    if (!proved) {
      await this.updates.update(user.id, [
        (current) => ({
          type: 'RecordLoginFailure',
          data: { userId: current.id, tenantId: current.tenantId, policy: this.config.egov.lockout, at },
        }),
      ]);
      throw invalidGrant();
    }
    if (!user.active) throw invalidGrant();
    if (!byOtp && user.passwordExpiryApplies && this.passwordExpired(user, at)) throw passwordExpired();
    // An imported BCrypt hash is replaced by argon2id in the same append that records the login (docs/import.md).
    const rehashedPassword =
      !byOtp && this.hasher.needsRehash(user.passwordHash as string)
        ? await this.hasher.hash(request.password)
        : undefined;
    const decisions: NextCommand[] = [
      (current) => ({
        type: 'RecordLoginSuccess',
        data: { userId: current.id, tenantId: current.tenantId, rehashedPassword, at },
      }),
    ];
    if (byOtp) {
      const mobileNumber = user.profile.mobile as string;
      decisions.push((current) => ({
        type: 'VerifyOtp',
        data: { userId: current.id, tenantId: current.tenantId, mobileNumber, purpose: 'login', at },
      }));
    }
    return this.grants.grant(await this.updates.update(user.id, decisions), request.scope);
  }

  /** Spends the citizen's live `login` code; any rejection of the code is just a failed login here. */
  private async otpMatches(user: ExistingUser, code: string): Promise<boolean> {
    const mobileNumber = user.profile.mobile;
    if (!mobileNumber) return false;
    try {
      await this.otp.consume({ tenantId: user.tenantId, mobileNumber, purpose: 'login', code });
      return true;
    } catch (error) {
      if (error instanceof RequestRejectedError) return false;
      throw error;
    }
  }

  private passwordExpired(user: ExistingUser, at: string): boolean {
    const expiresAt = passwordExpiresAt(user, this.config.egov.passwordExpiryDays);
    return expiresAt !== null && expiresAt <= at;
  }
}
