import { responseToken, verifyResponseToken } from './response-token';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const ID = '6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab';

describe('partner response tokens', () => {
  it('round-trips the request id', () => {
    expect(verifyResponseToken(SECRET, responseToken(SECRET, ID))).toBe(ID);
  });

  it('refuses a token for another id, under another secret, or malformed', () => {
    const token = responseToken(SECRET, ID);
    expect(verifyResponseToken(SECRET, token.replace(ID, '6f1c2d3e-4b5a-4c6d-8e7f-0123456789ac'))).toBeNull();
    expect(verifyResponseToken('another-secret-of-at-least-thirty-two-chars', token)).toBeNull();
    for (const malformed of ['', ID, `${ID}.`, `${token}.x`, 'not-a-uuid.abc']) expect(verifyResponseToken(SECRET, malformed)).toBeNull();
  });
});
