import type { OpenAPIObject } from '@nestjs/swagger';
import type { RosterConfig } from '@roster/config';
import { withConfiguredRules } from './egov/openapi/egov-schemas';
import { AddressDto } from './users/dto/address.dto';
import { CreateUserDto } from './users/dto/create-user.dto';
import { SearchUsersDto } from './users/dto/search-users.dto';
import { UpdateUserDto } from './users/dto/update-user.dto';

/** nCore request bodies: the validation pipe refuses unknown fields, so their schemas admit none. */
const CLOSED_SCHEMAS = [CreateUserDto, UpdateUserDto, SearchUsersDto, AddressDto].map((dto) => dto.name);

/**
 * The generated document made exact where decorators cannot say it: the configured egov rules (the mobile
 * pattern) and `additionalProperties: false` on the nCore request bodies. (egov bodies ignore unknown fields.)
 */
export function exactOpenApiDocument(document: OpenAPIObject, config: RosterConfig): OpenAPIObject {
  for (const name of CLOSED_SCHEMAS) {
    const schema = document.components?.schemas?.[name];
    if (schema && !('$ref' in schema)) schema.additionalProperties = false;
  }
  return withConfiguredRules(document, config.egov);
}
