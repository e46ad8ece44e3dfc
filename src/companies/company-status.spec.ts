import { CompanyStatus, CompanyTransitionError, nextCompanyStatus } from './company-status';

describe('company status transitions', () => {
  it('walks the registration path: unverified → pending review → active', () => {
    const pending = nextCompanyStatus(CompanyStatus.Unverified, 'verify_email');
    expect(pending).toBe(CompanyStatus.PendingReview);
    expect(nextCompanyStatus(pending, 'approve')).toBe(CompanyStatus.Active);
    expect(nextCompanyStatus(pending, 'reject')).toBe(CompanyStatus.Rejected);
  });

  it('pauses and resumes only active profiles, and renews expired ones', () => {
    expect(nextCompanyStatus(CompanyStatus.Active, 'pause')).toBe(CompanyStatus.Paused);
    expect(nextCompanyStatus(CompanyStatus.Paused, 'resume')).toBe(CompanyStatus.Active);
    expect(nextCompanyStatus(CompanyStatus.Expired, 'renew')).toBe(CompanyStatus.Active);
    expect(() => nextCompanyStatus(CompanyStatus.PendingReview, 'pause')).toThrow(CompanyTransitionError);
  });

  it('never leaves erased, and never approves twice', () => {
    for (const transition of ['verify_email', 'approve', 'reject', 'pause', 'resume', 'renew', 'expire', 'erase'] as const) {
      expect(() => nextCompanyStatus(CompanyStatus.Erased, transition)).toThrow(CompanyTransitionError);
    }
    expect(() => nextCompanyStatus(CompanyStatus.Active, 'approve')).toThrow('A profile that is active cannot approve.');
  });
});
