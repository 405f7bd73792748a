import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { RosterConfig } from '@roster/config';
import { EgovCaller, EgovUserInput, EgovUserRecord } from '@roster/user-service-contract';
import { RoleCatalogue } from '../../auth/ports';
import { IdempotentRequests } from '../../idempotency/idempotent-requests';
import { requireMayWrite } from '../egov-access';
import { invalid, weakPassword } from '../egov-errors';
import { newProfileOf, required, rolesOf } from '../egov-input';
import { EgovPasswords } from '../egov-passwords';
import { tenantOfType } from '../egov-user-lookup';
import { EgovUserPresenter } from '../egov-user-presenter';
import { inBatch, NewUser, UserCreation } from '../user-creation';
import { EgovCreateUsersCommand } from './create-users.command';

/**
 * `/user/users/_createnovalidate`: an operator creates one user or a batch. Every user is checked first
 * (permission for its type, tenant family, roles in the catalogue, required fields, password policy), the
 * passwords are hashed only then, and the whole batch is written in one append: all or nothing.
 */
@CommandHandler(EgovCreateUsersCommand)
export class EgovCreateUsersHandler implements ICommandHandler<EgovCreateUsersCommand, EgovUserRecord[]> {
  constructor(
    private readonly passwords: EgovPasswords,
    private readonly presenter: EgovUserPresenter,
    private readonly creation: UserCreation,
    private readonly roles: RoleCatalogue,
    private readonly config: RosterConfig,
    private readonly idempotency: IdempotentRequests,
  ) {}

  async execute({ caller, inputs, idempotencyKey }: EgovCreateUsersCommand): Promise<EgovUserRecord[]> {
    if (inputs.length === 0) throw invalid('MISSING_FIELD', 'at least one user is required', 'users');
    const max = this.config.egov.bulkCreateMax;
    if (inputs.length > max)
      throw invalid('BULK_LIMIT_EXCEEDED', `at most ${max} users can be created at once`, 'users');
    const checked = await Promise.all(
      inputs.map((input, index) => inBatch(inputs.length, index, () => this.check(caller, input))),
    );
    const users = await Promise.all(
      checked.map(async ({ user, password }) => ({
        ...user,
        passwordHash: password === null ? null : await this.passwords.hash(password),
      })),
    );
    // The key's scope is the caller (the gateway puts its id in the key); a tenant-less caller has none to add.
    return this.idempotency.once(
      caller.tenantId ?? '',
      idempotencyKey,
      async (keyed) =>
        this.presenter.records(
          await this.creation.create(users, { keyed, answerOf: (created) => this.presenter.records(created) }),
        ),
      (answer) => answer as EgovUserRecord[],
    );
  }

  private check(caller: EgovCaller, input: EgovUserInput): { user: NewUser; password: string | null } {
    const userType = required(input.type, 'type');
    const tenantId = tenantOfType(userType, required(input.tenantId ?? caller.tenantId, 'tenantId'));
    requireMayWrite(caller, 'create', userType, tenantId);
    const { mobile: givenMobile, ...profile } = newProfileOf(input);
    const mobile = givenMobile?.trim() || null;
    const userName = required(input.userName?.trim() || (userType === 'CITIZEN' ? mobile : null), 'userName');
    const defaultRoles = userType === 'CITIZEN' ? [{ code: 'CITIZEN', tenantId }] : [];
    const roles = rolesOf(input.roles?.length ? input.roles : defaultRoles, tenantId, this.roles);
    const weak = input.password ? weakPassword(input.password, 'password') : null;
    if (weak) throw weak;
    return {
      user: {
        userId: randomUUID(),
        tenantId,
        userType,
        userName,
        profile: mobile ? { ...profile, mobile } : profile,
        roles,
        active: input.active ?? true,
        passwordHash: null,
        verifiedOtp: null,
        by: caller.userId,
      },
      password: input.password ?? null,
    };
  }
}
