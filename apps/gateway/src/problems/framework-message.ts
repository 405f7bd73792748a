import type { HttpException } from '@nestjs/common';

/**
 * The message of one of Nest's or Fastify's own errors, without any query string it repeats ("Cannot TRACE
 * /user/_details?access_token=…"): a URL's query may carry a token, and no answer ever echoes one.
 */
export function frameworkMessageOf(error: HttpException): string {
  return error.message.replace(/\?\S*/g, '');
}
