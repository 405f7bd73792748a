import type { ArgumentMetadata, ValidationError } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { walkJson } from '../http/hostile-input';
import type { FieldProblem } from './problem';
import { hasQuickAccept } from './quick-accept';
import { ProblemException } from './problem';

/** What every DTO is held to: converted into its class, and no field it does not declare. */
export const VALIDATION_OPTIONS = {
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
} as const;

/** Validates and converts every body, query and parameter; unknown fields are rejected by name. */
export function createValidationPipe(): ValidationPipe {
  return new ObjectBodyValidationPipe({
    ...VALIDATION_OPTIONS,
    exceptionFactory: (errors) => {
      const problems = errors.flatMap((error) => fieldProblems(error, ''));
      const detail = problems.map((problem) => problem.message).join('; ') || 'the request is invalid';
      return new ProblemException(
        400,
        'validation_failed',
        detail,
        problems.length ? problems : [{ field: 'body', message: detail }],
      );
    },
  });
}

function fieldProblems(error: ValidationError, parent: string): FieldProblem[] {
  const field = [parent, error.property].filter(Boolean).join('.') || 'body';
  const own = Object.values(error.constraints ?? {}).map((message) => ({
    field,
    message: qualify(message, error.property, field),
  }));
  return [...own, ...(error.children ?? []).flatMap((child) => fieldProblems(child, field))];
}

// class-validator names only the leaf property; nested fields read better with their full path.
function qualify(message: string, property: string, field: string): string {
  return property && message.startsWith(property) ? field + message.slice(property.length) : message;
}

/**
 * Names every plain object inherits (`constructor`, `toString`, …) and `prototype`: class-validator's whitelist
 * looks fields up in a plain object, so it took them for declared ones; no DTO declares them.
 */
const INHERITED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * A JSON body that is an array, string or number is refused as a whole before fields are checked; a field named
 * like an inherited member is refused as the unknown field it is, wherever it is.
 */
class ObjectBodyValidationPipe extends ValidationPipe {
  /**
   * DTO classes an empty object is valid for, learned from the first empty value of each: a request without a query
   * string (GET /users/:id) then skips class-validator, whose run costs more than the rest of such a request. The
   * verdict on an empty object cannot change: rules are checked only for fields that are present, or fail for absent
   * required ones.
   */
  private readonly emptyIsValid = new WeakMap<object, boolean>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw ProblemException.badRequest('body', 'the body must be a JSON object', 'malformed_body');
    }
    if (metadata.type === 'body' || metadata.type === 'query') {
      const inherited = [...walkJson(value)].filter(({ key }) => key !== null && INHERITED_NAMES.has(key));
      if (inherited.length > 0) {
        throw new ProblemException(
          400,
          'validation_failed',
          inherited.map(({ key }) => `property ${key} should not exist`).join('; '),
          inherited.map(({ path, key }) => ({ field: path, message: `property ${key} should not exist` })),
        );
      }
    }
    const { metatype } = metadata;
    if (metadata.type === 'body' && hasQuickAccept(metatype)) {
      const accepted = metatype.quickAccept(value as object);
      if (accepted) return accepted;
    }
    if (metatype && isEmptyObject(value) && this.toValidate(metadata)) {
      const known = this.emptyIsValid.get(metatype);
      if (known) return plainToInstance(metatype, {}, this.transformOptions);
      if (known === undefined) {
        try {
          const answer: unknown = await super.transform(value, metadata);
          this.emptyIsValid.set(metatype, true);
          return answer;
        } catch (error) {
          this.emptyIsValid.set(metatype, false);
          throw error;
        }
      }
    }
    return super.transform(value, metadata);
  }
}

function isEmptyObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}
