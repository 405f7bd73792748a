import type { ValidationOptions } from 'class-validator';
import { registerDecorator } from 'class-validator';

// RFC 3339 section 5.6: full-date "T" full-time, where the time carries its offset (Z or ±hh:mm).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * The milliseconds since the epoch of an RFC 3339 date-time, or null when it is not one: every field in range
 * (a day that exists in its month, a leap second 60 counted into the next minute) and an offset given. Parsed
 * here because Date.parse also takes what RFC 3339 does not (a space for `T`, no offset, `24:00`, `Feb 30`).
 * Digits beyond the millisecond are cut off: the log records milliseconds.
 */
export function rfc3339Millis(text: string): number | null {
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetMinutes = match[8] ? 0 : (match[9] === '-' ? -1 : 1) * (Number(match[10]) * 60 + Number(match[11]));
  const inRange =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 &&
    Number(match[10] ?? 0) <= 23 &&
    Number(match[11] ?? 0) <= 59;
  if (!inRange) return null;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as written.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/** An RFC 3339 date-time with its offset, such as `2026-05-17T09:30:00Z` or `2026-05-17T15:00:00.250+05:30`. */
export function IsRfc3339DateTime(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isRfc3339DateTime',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be an RFC 3339 date-time with an offset, such as 2026-05-17T09:30:00Z`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && rfc3339Millis(value) !== null,
      },
    });
}
