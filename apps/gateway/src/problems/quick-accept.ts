/**
 * A DTO class may recognise the plain, valid input most requests send and build its instance itself, which costs a
 * fraction of a class-validator run (about a tenth of the CPU of a create or a search). It must be sure: whatever it
 * is not sure of (an unusual field, an odd character, a wrong value) it returns null for, and the full validation
 * runs, which also words every 4xx. So it may only accept what the class's decorators accept, and must build what
 * class-transformer builds (a spec checks both against the real pipe).
 */
export interface QuickAccept {
  quickAccept(value: object): object | null;
}

export function hasQuickAccept(metatype: unknown): metatype is QuickAccept {
  return typeof (metatype as Partial<QuickAccept>).quickAccept === 'function';
}

/** Lone or paired surrogates and variation selectors: class-validator's lengths count these differently from `.length`. */
const LENGTH_COUNTS_DIFFER = /[\uD800-\uDFFF]|\uFE0E|\uFE0F/;

/** `value` trimmed when it is a string `min`–`max` characters long once trimmed; undefined when unsure. */
export function trimmedText(value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== 'string' || LENGTH_COUNTS_DIFFER.test(value)) return undefined;
  const trimmed = value.trim();
  return trimmed.length >= min && trimmed.length <= max ? trimmed : undefined;
}

/**
 * Addresses validator.js's isEmail (class-validator's @IsEmail, default options) surely accepts: dot-separated atoms of
 * letters, digits, `_`, `+` and `-` before the @ (at most 64), host labels of letters, digits and inner hyphens (at
 * most 63 each), and an alphabetic top-level domain. Others may be valid too; they take the full path.
 */
const PLAIN_EMAIL =
  /^(?=[^@]{1,64}@)[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function isPlainEmail(value: string): boolean {
  return PLAIN_EMAIL.test(value);
}

/** True when every own key of `value` is one of `known`. */
export function onlyKeys(value: object, known: ReadonlySet<string>): boolean {
  for (const key of Object.keys(value)) if (!known.has(key)) return false;
  return true;
}
