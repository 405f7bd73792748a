import type { Profile } from './user.types';
import { PROFILE_FIELDS } from './user.types';

/** A profile as read models keep it: every field present, null where the user has none. */
export type ProfileColumns = {
  [Field in keyof Profile]-?: undefined extends Profile[Field]
    ? Exclude<Profile[Field], undefined> | null
    : Profile[Field];
};

/**
 * The profile fields of `source` (a profile, or a view that carries one beside other fields), and nothing else
 * of it; `keep` leaves out the fields it refuses.
 */
export function pickProfile(source: Profile, keep: (value: unknown) => boolean = () => true): Profile {
  const profile: Partial<Profile> = {};
  for (const field of PROFILE_FIELDS) if (keep(source[field])) copyField(profile, source, field);
  return profile as Profile;
}

/** Every profile field, null where `profile` has none. */
export function profileColumnsOf(profile: Profile): ProfileColumns {
  const columns: Partial<Record<keyof Profile, unknown>> = {};
  for (const field of PROFILE_FIELDS) columns[field] = profile[field] ?? null;
  return columns as ProfileColumns;
}

// Generic in the field, so each field's value keeps its own type on the way.
function copyField<Field extends keyof Profile>(target: Partial<Profile>, source: Profile, field: Field): void {
  target[field] = source[field];
}
