import { deciderSpec } from '../testing/decider-spec';
import type {
  MobileNumberReleased,
  MobileNumberReserved,
  ReleaseMobileNumber,
  ReserveMobileNumber,
} from './mobile-number';
import { mobileNumberReservationDecider, mobileNumberStream, reservedMobileNumberOf } from './mobile-number';

const { given } = deciderSpec(mobileNumberReservationDecider);

const AT = '2024-01-01T00:00:00.000Z';
const MOBILE = '9876543210';
const data = (userId: string, mobileNumber = MOBILE) => ({ tenantId: 'pb', mobileNumber, userId, at: AT });

const reserve = (userId: string, mobileNumber = MOBILE): ReserveMobileNumber => ({
  type: 'ReserveMobileNumber',
  data: data(userId, mobileNumber),
});
const release = (userId: string): ReleaseMobileNumber => ({ type: 'ReleaseMobileNumber', data: data(userId) });
const reserved = (userId: string): MobileNumberReserved => ({ type: 'MobileNumberReserved', data: data(userId) });
const released = (userId: string): MobileNumberReleased => ({ type: 'MobileNumberReleased', data: data(userId) });

describe('mobile number reservation', () => {
  it('reserves a free number, trimmed', () => {
    given([])
      .when(reserve('user-1', ` ${MOBILE} `))
      .then([reserved('user-1')]);
  });

  it('rejects a number held by another user', () => {
    given([reserved('user-1')])
      .when(reserve('user-2'))
      .thenThrows('mobile_number_taken', 'mobileNumber');
  });

  it('records nothing when the holder reserves it again', () => {
    given([reserved('user-1')])
      .when(reserve('user-1'))
      .then([]);
  });

  it('the holder releases it', () => {
    given([reserved('user-1')])
      .when(release('user-1'))
      .then([released('user-1')]);
  });

  it('records nothing when someone else releases it', () => {
    given([reserved('user-1')])
      .when(release('user-2'))
      .then([]);
  });

  it('records nothing when releasing a free number', () => {
    given([]).when(release('user-1')).then([]);
  });

  it('a released number can be reserved by another user', () => {
    given([reserved('user-1'), released('user-1')])
      .when(reserve('user-2'))
      .then([{ type: 'MobileNumberReserved', data: data('user-2') }]);
  });
});

describe('mobileNumberStream', () => {
  it('is mobile-<tenant>-<number>', () => {
    expect(mobileNumberStream('pb', ' 9876543210 ')).toBe('mobile-pb-9876543210');
  });

  it('is another stream for another tenant', () => {
    expect(mobileNumberStream('hr', MOBILE)).not.toBe(mobileNumberStream('pb', MOBILE));
  });
});

describe('reservedMobileNumberOf', () => {
  const citizen = (userName: string | null, mobile: string | null = ' 9876543210 ') => ({
    userType: 'CITIZEN',
    userName,
    profile: { mobile },
  });

  it('every-citizen: any citizen holds its number; other types and citizens without one hold nothing', () => {
    expect(reservedMobileNumberOf(citizen('asha'), 'every-citizen')).toBe('9876543210');
    expect(reservedMobileNumberOf({ ...citizen('EMP1'), userType: 'EMPLOYEE' }, 'every-citizen')).toBeNull();
    expect(reservedMobileNumberOf(citizen('asha', null), 'every-citizen')).toBeNull();
  });

  it('sign-in: only a citizen known by the number (as its userName, or without one) holds it', () => {
    expect(reservedMobileNumberOf(citizen('9876543210'), 'sign-in')).toBe('9876543210');
    expect(reservedMobileNumberOf(citizen(null), 'sign-in')).toBe('9876543210');
    expect(reservedMobileNumberOf(citizen('2f1f6c2e-5a8d-4a53-9d7c-5b8f9e7a0c11'), 'sign-in')).toBeNull();
  });
});
