import type { ArgumentMetadata, ValidationError } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import type { FieldProblem } from './problem';
import { ProblemException } from './problem';

/** Validates and converts every body, query and parameter; unknown fields are rejected by name. */
export function createValidationPipe(): ValidationPipe {
  return new ObjectBodyValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
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

/** A JSON body that is an array, string or number is refused as a whole before fields are checked. */
class ObjectBodyValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw ProblemException.badRequest('body', 'the body must be a JSON object', 'malformed_body');
    }
    return super.transform(value, metadata);
  }
}
