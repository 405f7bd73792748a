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
  // The egov-user field set (docs/egov.md, "Mapping"). Free-text values are validated at the API edge.
  salutation?: string | null;
  /** Second mobile number; an egov search by mobileNumber also matches it. */
  altContactNumber?: string | null;
  /** egov-user's other alternate number (`alternatemobilenumber`), which property-services writes for an owner. */
  alternateMobileNumber?: string | null;
  fatherOrHusbandName?: string | null;
  relationship?: Relationship | null;
  bloodGroup?: BloodGroup | null;
  pan?: string | null;
  aadhaarNumber?: string | null;
  permanentAddress?: string | null;
  permanentCity?: string | null;
  permanentPinCode?: string | null;
  correspondenceAddress?: string | null;
  correspondenceCity?: string | null;
  correspondencePinCode?: string | null;
  locale?: string | null;
  signature?: string | null;
  photo?: string | null;
  identificationMark?: string | null;
}

export const RELATIONSHIPS = ['FATHER', 'MOTHER', 'HUSBAND', 'OTHER'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const BLOOD_GROUPS = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;
export type BloodGroup = (typeof BLOOD_GROUPS)[number];

/** A role a user holds, in a tenant (an employee may hold roles in several tenants of one state). */
export interface Role {
  code: string;
  tenantId: string;
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
  'salutation',
  'altContactNumber',
  'alternateMobileNumber',
  'fatherOrHusbandName',
  'relationship',
  'bloodGroup',
  'pan',
  'aadhaarNumber',
  'permanentAddress',
  'permanentCity',
  'permanentPinCode',
  'correspondenceAddress',
  'correspondenceCity',
  'correspondencePinCode',
  'locale',
  'signature',
  'photo',
  'identificationMark',
];
