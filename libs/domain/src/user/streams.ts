export const USER_STREAM_PREFIX = 'user-';

export function userStream(userId: string): string {
  return USER_STREAM_PREFIX + userId;
}

export function isUserStream(stream: string): boolean {
  return stream.startsWith(USER_STREAM_PREFIX);
}
