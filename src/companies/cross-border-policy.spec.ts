import { CHINA_TRANSFER_CONSENT_VERSION } from './consent-terms';
import { crossesBorder, mayCrossBorderSql, refusalCodeFor, TRANSFER_PERMITTING_BASES, TransferBasis, visibleFromSql } from './cross-border-policy';

describe('cross-border policy', () => {
  it('knows which pairs cross the German-Chinese border', () => {
    expect(crossesBorder('DE', 'CN')).toBe(true);
    expect(crossesBorder('CN', 'DE')).toBe(true);
    expect(crossesBorder('DE', 'DE')).toBe(false);
    expect(crossesBorder('CN', 'CN')).toBe(false);
  });

  it('lets no basis but a real one permit the transfer from China', () => {
    expect(TRANSFER_PERMITTING_BASES).not.toContain(TransferBasis.None);
    expect([...TRANSFER_PERMITTING_BASES].sort()).toEqual(Object.values(TransferBasis).filter((basis) => basis !== TransferBasis.None).sort());
  });

  it('names what a side lacks', () => {
    expect(refusalCodeFor('DE')).toBe('china_transfer_consent_required');
    expect(refusalCodeFor('CN')).toBe('transfer_basis_required');
  });

  it('asks for the current consent version and quotes the aliases it is given', () => {
    const sql = mayCrossBorderSql('requester', 'requesterCity');
    expect(sql).toContain(`'${CHINA_TRANSFER_CONSENT_VERSION}'`);
    expect(sql).toContain('withdrawn_at IS NULL');
    expect(sql).toContain('"requesterCity".country');
    expect(sql).toContain('"requester".id');
    expect(visibleFromSql('c', 'city', '$2')).toContain(`"city".country = $2`);
  });
});
