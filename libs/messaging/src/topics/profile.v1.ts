import { AllowList } from '../allow-list';

/** A user's demographic data as both v1 topics publish it. */
export interface AddressV1 {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

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
};
