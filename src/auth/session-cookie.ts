import type { CookieOptions, Response } from 'express';
import { SESSION_COOKIE } from '../common/access';

export function sessionCookieOptions(publicUrl: string, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: publicUrl.startsWith('https:'), path: '/', maxAge: maxAgeMs };
}

export function setSessionCookie(response: Response, token: string, publicUrl: string, maxAgeMs: number): void {
  response.cookie(SESSION_COOKIE, token, sessionCookieOptions(publicUrl, maxAgeMs));
}

export function clearSessionCookie(response: Response, publicUrl: string): void {
  response.clearCookie(SESSION_COOKIE, sessionCookieOptions(publicUrl));
}
