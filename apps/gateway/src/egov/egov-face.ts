import { EgovAuthController } from './auth/egov-auth.controller';
import { EgovOtpController } from './otp/egov-otp.controller';
import { EgovUsersController } from './users/egov-users.controller';

/** The DIGIT egov-user face (`/user/...`, `/user-otp/...`); its controllers need the EgovUserApi port and RosterConfig. */
export const EGOV_CONTROLLERS = [EgovUsersController, EgovAuthController, EgovOtpController];
