import { ForbiddenException } from '@nestjs/common';
import { UserRole } from '../common/principal';
import { Officer, OfficerScope } from './officer-scope';

const HOME = 'home-city';
const COLOGNE = 'cologne';
const FOSHAN = 'foshan';

const officerOf = (cityId: string | null, role = UserRole.Officer): Officer => ({ userId: `user-${cityId}-${role}`, role, cityId });

describe('OfficerScope', () => {
  const scope = new OfficerScope(HOME);
  const home = officerOf(HOME);
  const cologne = officerOf(COLOGNE);
  const admin = officerOf(null, UserRole.Admin);

  it('counts officers of the home city and administrators as the home office, nobody else', () => {
    expect([home, admin, cologne, officerOf(null)].map((officer) => scope.isHomeOffice(officer))).toEqual([true, true, false, false]);
    expect(() => scope.requireHomeOffice(cologne)).toThrow(ForbiddenException);
    expect(() => scope.requireHomeOffice(home)).not.toThrow();
  });

  it('lets an officer act for companies of the own city only, the home office for all', () => {
    expect(scope.mayActFor(cologne, COLOGNE)).toBe(true);
    expect(scope.mayActFor(cologne, HOME)).toBe(false);
    expect(scope.mayActFor(cologne, FOSHAN)).toBe(false);
    expect(scope.mayActFor(home, FOSHAN)).toBe(true);
    expect(() => scope.requireActingFor(cologne, HOME)).toThrow(ForbiddenException);
  });

  it('shows a request only to offices whose city takes part in it, and contact persons only to the home office', () => {
    expect(scope.maySeeRequest(cologne, HOME, COLOGNE)).toBe(true);
    expect(scope.maySeeRequest(cologne, HOME, FOSHAN)).toBe(false);
    expect(scope.maySeeRequest(home, COLOGNE, FOSHAN)).toBe(true);
    expect([home, admin, cologne].map((officer) => scope.seesContactData(officer))).toEqual([true, true, false]);
  });

  it('leaves the partner office step to the partner city’s officers and administrators', () => {
    expect(scope.mayDecideForPartnerOffice(officerOf(FOSHAN), FOSHAN)).toBe(true);
    expect(scope.mayDecideForPartnerOffice(home, FOSHAN)).toBe(false);
    expect(scope.mayDecideForPartnerOffice(admin, FOSHAN)).toBe(true);
  });

  it('lets an officer keep the office contact of the own city, the home office every city’s', () => {
    expect(scope.mayKeepOfficeContact(cologne, COLOGNE)).toBe(true);
    expect(scope.mayKeepOfficeContact(cologne, HOME)).toBe(false);
    expect(scope.mayKeepOfficeContact(home, FOSHAN)).toBe(true);
    expect(() => scope.requireOfficeContactOf(officerOf(FOSHAN), HOME)).toThrow(ForbiddenException);
  });
});
