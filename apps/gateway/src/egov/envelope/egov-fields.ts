import { egovUserViolations } from '@roster/domain';
import type { Violations } from '../egov-errors';

// Only the tenant id is given to the rules there, so their mobile pattern and date are never used.
const TENANT_ID_ONLY = { mobilePattern: /^/, now: new Date(0) };

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fields of `source` under their canonical names. egov-user (Jackson with case-insensitive properties)
 * matches field names whatever their case and ignores unknown ones; so does Roster. The first spelling wins
 * when a body carries one name twice in different cases.
 */
export function canonicalFields<K extends string>(
  source: JsonObject,
  names: readonly K[],
): Partial<Record<K, unknown>> {
  const byLowerCase = new Map<string, K>(names.map((name) => [name.toLowerCase(), name]));
  const fields: Partial<Record<K, unknown>> = {};
  for (const [key, value] of Object.entries(source)) {
    const name = byLowerCase.get(key.toLowerCase());
    if (name !== undefined && !Object.hasOwn(fields, name)) fields[name] = value;
  }
  return fields;
}

/**
 * Typed reads of one egov object's fields. A wrong JSON type is recorded as a violation under the field's
 * full path and read as absent, so one answer names every field at fault. JSON `null` reads as absent, as
 * Jackson gives egov-user no way to tell them apart.
 */
export class FieldReader<K extends string> {
  readonly fields: Partial<Record<K, unknown>>;

  constructor(
    source: JsonObject,
    names: readonly K[],
    readonly violations: Violations,
    private readonly path = '',
  ) {
    this.fields = canonicalFields(source, names);
  }

  /** `user.name`, `users[2].roles`, or the bare name at the top of a body. */
  pathOf(name: K): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  has(name: K): boolean {
    return this.fields[name] !== undefined && this.fields[name] !== null;
  }

  invalid(name: K, message: string, code?: string): void {
    this.violations.add(this.pathOf(name), message, code);
  }

  string(name: K, options: { required?: boolean } = {}): string | undefined {
    const value = this.present(name, options.required);
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    return this.wrongType(name, 'a string');
  }

  /** An optional text field a client clears with `null` or `""` (egov clients send both for "no value"). */
  clearableString(name: K): string | null | undefined {
    const value = this.fields[name];
    if (value === undefined) return undefined;
    if (value === null || value === '') return null;
    if (typeof value === 'string') return value;
    return this.wrongType(name, 'a string');
  }

  /** One of `allowed`, matched whatever its case (egov-user reads its enums so). */
  choice<T extends string>(name: K, allowed: readonly T[]): T | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const choice = allowed.find((candidate) => candidate.toUpperCase() === text.toUpperCase());
    if (choice === undefined) this.invalid(name, `must be one of ${allowed.join(', ')}`);
    return choice;
  }

  /** A tenant id under egov-user's rule (letters separated by dots). */
  tenantId(name: K, options: { required?: boolean } = {}): string | undefined {
    const tenantId = this.string(name, options);
    for (const violation of egovUserViolations({ tenantId }, TENANT_ID_ONLY)) this.invalid(name, violation.message);
    return tenantId;
  }

  /** `true`/`false`, also as the strings Jackson accepts for them. */
  boolean(name: K): boolean | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return this.wrongType(name, 'true or false');
  }

  /** A whole number ≥ 0, also as a string of digits (query parameters, and Jackson's coercion). */
  count(name: K): number | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    const number = typeof value === 'string' && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : value;
    if (typeof number === 'number' && Number.isSafeInteger(number) && number >= 0) return number;
    return this.wrongType(name, 'a whole number ≥ 0');
  }

  stringArray(name: K, options: { required?: boolean } = {}): string[] | undefined {
    const value = this.present(name, options.required);
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    return this.wrongType(name, 'an array of strings');
  }

  objectArray(name: K, options: { required?: boolean } = {}): unknown[] | undefined {
    const value = this.present(name, options.required);
    if (value === undefined) return undefined;
    if (Array.isArray(value)) return value;
    return this.wrongType(name, 'an array');
  }

  object(name: K, options: { required?: boolean } = {}): JsonObject | undefined {
    const value = this.present(name, options.required);
    if (value === undefined) return undefined;
    if (isJsonObject(value)) return value;
    return this.wrongType(name, 'an object');
  }

  private present(name: K, required = false): unknown {
    const value = this.fields[name];
    if (value !== undefined && value !== null) return value;
    if (required) this.violations.missing(this.pathOf(name));
    return undefined;
  }

  private wrongType(name: K, expected: string): undefined {
    this.invalid(name, `must be ${expected}`);
    return undefined;
  }
}

/** The object without its undefined fields: absent stays absent, and the port sees only what was sent. */
export function withoutAbsent<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
