import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DomainError, stateTenantOf } from '@roster/domain';
import { EgovTokenGrant, EgovUserRecord } from '@roster/user-service-contract';
import { OtpService } from '../../auth/ports';
import { newProfileOf, required } from '../egov-input';
import { EgovPasswords } from '../egov-passwords';
import { EgovTokenGrants } from '../egov-token-grants';
import { EgovUserLookup } from '../egov-user-lookup';
import { EgovUserPresenter } from '../egov-user-presenter';
import { UserCreation } from '../user-creation';
import { EgovRegisterCitizenCommand } from './register-citizen.command';

/**
 * `/user/citizen/_create`: a citizen registers itself with the `register` OTP sent to its number. Type and
 * role are forced to CITIZEN and the tenant to its state level; the userName defaults to the number.
 * Without a password the user is created unauthenticated (it can log in with a login OTP and set one later).
 */
@CommandHandler(EgovRegisterCitizenCommand)
export class EgovRegisterCitizenHandler implements ICommandHandler<
  EgovRegisterCitizenCommand,
  { user: EgovUserRecord; grant: EgovTokenGrant | null }
> {
  constructor(
    private readonly lookup: EgovUserLookup,
    private readonly passwords: EgovPasswords,
    private readonly presenter: EgovUserPresenter,
    private readonly grants: EgovTokenGrants,
    private readonly creation: UserCreation,
    private readonly otp: OtpService,
  ) {}

  async execute({
    input,
    login,
  }: EgovRegisterCitizenCommand): Promise<{ user: EgovUserRecord; grant: EgovTokenGrant | null }> {
    const tenantId = stateTenantOf(required(input.tenantId, 'tenantId'));
    const profile = newProfileOf(input);
    const mobileNumber = required(profile.mobile?.trim(), 'mobileNumber');
    const code = required(input.otpReference, 'otpReference');
    const userName = input.userName?.trim() || mobileNumber;
    // Checked before the OTP is spent, so a taken name or number does not cost the citizen its code.
    if (await this.lookup.findCitizenByMobile(tenantId, mobileNumber)) {
      throw new DomainError(
        'mobile_number_taken',
        'the mobile number is already registered to another user',
        'mobileNumber',
      );
    }
    if (await this.lookup.findByUserName(tenantId, 'CITIZEN', userName)) {
      throw new DomainError('user_name_taken', `userName "${userName}" is already taken`, 'userName');
    }
    const passwordHash = input.password ? await this.passwords.hash(input.password) : null;
    await this.otp.consume({ tenantId, mobileNumber, purpose: 'register', code });
    const [created] = await this.creation.create([
      {
        userId: randomUUID(),
        tenantId,
        userType: 'CITIZEN',
        userName,
        profile: { ...profile, mobile: mobileNumber },
        roles: [{ code: 'CITIZEN', tenantId }],
        active: true,
        passwordHash,
        verifiedOtp: { mobileNumber, purpose: 'register' },
        by: null,
      },
    ]);
    return { user: await this.presenter.record(created), grant: login ? await this.grants.grant(created) : null };
  }
}
