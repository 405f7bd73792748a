/** Message patterns of the user-service over @nestjs/microservices; payloads are JSON (bigints as strings). */
export const USER_SERVICE_PATTERNS = {
  health: 'users.health',
  authenticateApiKey: 'users.authenticate-api-key',
  createUser: 'users.create',
  updateUser: 'users.update',
  getUser: 'users.get',
  listUsers: 'users.list',
  searchUsers: 'users.search',
  listRelatives: 'users.list-relatives',
} as const;
