export const USER_TYPES = ['CITIZEN', 'EMPLOYEE', 'SYSTEM', 'BUSINESS'] as const;
export type UserType = (typeof USER_TYPES)[number];

export interface Address {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

/** Demographic data a user or an operator may change. */
export interface Profile {
  firstName: string;
  lastName: string;
  middleName?: string | null;
  dateOfBirth?: string | null;
  email?: string | null;
  mobile?: string | null;
  gender?: string | null;
  nationality?: string | null;
  address?: Address | null;
}

export type ProfileChanges = Partial<Profile>;

/** The only keys a profile change may carry; anything else a caller smuggles in never reaches an event. */
export const PROFILE_FIELDS: readonly (keyof Profile)[] = [
  'firstName',
  'lastName',
  'middleName',
  'dateOfBirth',
  'email',
  'mobile',
  'gender',
  'nationality',
  'address',
];
