import { SnakeNamingStrategy, toSnakeCase } from './snake-naming.strategy';

describe('SnakeNamingStrategy', () => {
  it('turns camelCase and PascalCase into snake_case', () => {
    expect(toSnakeCase('nameDe')).toBe('name_de');
    expect(toSnakeCase('OfficeContact')).toBe('office_contact');
    expect(toSnakeCase('postalAddress')).toBe('postal_address');
    expect(toSnakeCase('HTTPStatus')).toBe('http_status');
  });

  it('names join columns after the relation and the referenced column', () => {
    expect(new SnakeNamingStrategy().joinColumnName('city', 'id')).toBe('city_id');
  });
});
