import type { AllowList } from '../allow-list';

/** A user's demographic data as both v1 topics publish it. */
export interface AddressV1 {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

/**
 * The profile as published. The egov identity numbers (`pan`, `aadhaarNumber`) are not part of it: they are
 * regulated identifiers (India's Aadhaar Act restricts sharing the number), and a topic any consumer may read
 * is no place for them; a consumer that needs them asks the service, which checks who asks.
 */
export interface ProfileV1 {
  firstName: string;
  lastName: string;
  middleName?: string | null;
  dateOfBirth?: string | null;
  email?: string | null;
  mobile?: string | null;
  gender?: string | null;
  nationality?: string | null;
  address?: AddressV1 | null;
  salutation?: string | null;
  altContactNumber?: string | null;
  alternateMobileNumber?: string | null;
  fatherOrHusbandName?: string | null;
  relationship?: string | null;
  bloodGroup?: string | null;
  permanentAddress?: string | null;
  permanentCity?: string | null;
  permanentPinCode?: string | null;
  correspondenceAddress?: string | null;
  correspondenceCity?: string | null;
  correspondencePinCode?: string | null;
  locale?: string | null;
  /** File-store id of the signature image. */
  signature?: string | null;
  /** File-store id of the photo. */
  photo?: string | null;
  identificationMark?: string | null;
}

export const PROFILE_V1: AllowList<ProfileV1> = {
  firstName: true,
  lastName: true,
  middleName: true,
  dateOfBirth: true,
  email: true,
  mobile: true,
  gender: true,
  nationality: true,
  address: { line1: true, line2: true, city: true, state: true, postalCode: true, country: true },
  salutation: true,
  altContactNumber: true,
  alternateMobileNumber: true,
  fatherOrHusbandName: true,
  relationship: true,
  bloodGroup: true,
  permanentAddress: true,
  permanentCity: true,
  permanentPinCode: true,
  correspondenceAddress: true,
  correspondenceCity: true,
  correspondencePinCode: true,
  locale: true,
  signature: true,
  photo: true,
  identificationMark: true,
};

/** A role as both v1 topics publish it. */
export interface RoleV1 {
  code: string;
  tenantId: string;
}

export const ROLE_V1: AllowList<RoleV1> = { code: true, tenantId: true };
