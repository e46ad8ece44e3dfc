import { nameSkeleton, normaliseName } from './names';

describe('normaliseName', () => {
  it('removes zero-width characters and soft hyphens, folds compatibility forms, and collapses whitespace', () => {
    expect(normaliseName('  Hart\u200Bmann\u00AD Sen\u200Dsorik\u2060 \t GmbH ')).toBe('Hartmann Sensorik GmbH');
    expect(normaliseName('ＡＢＣ　Ｇｍｂｈ')).toBe('ABC Gmbh');
  });

  it('keeps direction controls, for the validator to refuse', () => {
    expect(normaliseName('Hartmann \u202EHbmG')).toContain('\u202E');
  });
});

describe('nameSkeleton', () => {
  it('makes Cyrillic and Greek look-alikes of a Latin name the same name', () => {
    const latin = nameSkeleton('Hartmann Sensorik GmbH');
    expect(nameSkeleton('Hаrtmаnn Sеnsоrik GmbH')).toBe(latin); // Cyrillic а, е, о
    expect(nameSkeleton('Hartmann Sensοrik GmbH')).toBe(latin); // Greek ο
    expect(nameSkeleton('HARTMANN \u202ESENSORIK\u202C GMBH')).toBe(latin);
    expect(nameSkeleton('Hart\u00ADmann Sen\u200Bsorik GmbH')).toBe(latin);
  });

  it('keeps different names apart, and Chinese names as they are', () => {
    expect(nameSkeleton('Müller GmbH')).not.toBe(nameSkeleton('Muller GmbH'));
    expect(nameSkeleton('佛山市顺德区精工机械有限公司')).toBe('佛山市顺德区精工机械有限公司');
  });
});
