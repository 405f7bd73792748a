import { Transform } from 'class-transformer';
import type { ValidationOptions } from 'class-validator';
import { registerDecorator } from 'class-validator';

export const GENDERS = ['MALE', 'FEMALE', 'OTHERS', 'TRANSGENDER'] as const;
export const MOBILE_PATTERN = /^\+?[0-9]{6,15}$/;
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;

/** The OpenAPI schema of an optional country code (an address's country, a user's nationality). */
export const COUNTRY_CODE_PROPERTY = {
  type: String,
  pattern: COUNTRY_PATTERN.source,
  description: 'ISO 3166-1 alpha-2',
  example: 'IN',
  nullable: true,
};
export const USER_NAME_PATTERN = /^\S{1,180}$/;
export const NAME_MAX = 100;
export const EMAIL_MAX = 128;

/** Trims strings; leaves every other value for the validators to judge. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Upper-cases strings so `male` and `MALE` are one gender and `in` one country. */
export const UpperCase = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));

/** A calendar date written YYYY-MM-DD that exists and is not in the future. */
export function IsPastCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPastCalendarDate',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be an existing date (YYYY-MM-DD) that is not in the future`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const date = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && date.getTime() <= Date.now();
        },
      },
    });
}
