/** Message patterns of the egov face over @nestjs/microservices; payloads are JSON (times as ISO strings). */
export const EGOV_USER_PATTERNS = {
  authenticate: 'egov.authenticate',
  sendOtp: 'egov.send-otp',
  registerCitizen: 'egov.register-citizen',
  createUsers: 'egov.create-users',
  updateUser: 'egov.update-user',
  searchUsers: 'egov.search-users',
  changePassword: 'egov.change-password',
  resetPassword: 'egov.reset-password',
  login: 'egov.login',
  refresh: 'egov.refresh',
  details: 'egov.details',
  logout: 'egov.logout',
} as const;
