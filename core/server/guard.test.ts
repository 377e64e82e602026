import { describe, expect, it } from 'vitest';
import { cookieValue, hostAllowed, newToken, originAllowed, tokenEquals } from './guard.ts';

describe('guard: who may talk to the local server', () => {
  it('accepts only loopback Host headers with our port (DNS rebinding sends the attacker\'s name)', () => {
    expect(hostAllowed('127.0.0.1:4123', 4123)).toBe(true);
    expect(hostAllowed('localhost:4123', 4123)).toBe(true);
    expect(hostAllowed('LOCALHOST:4123', 4123)).toBe(true);
    expect(hostAllowed('evil.example:4123', 4123)).toBe(false);
    expect(hostAllowed('127.0.0.1', 4123)).toBe(false);
    expect(hostAllowed('127.0.0.1:4124', 4123)).toBe(false);
    expect(hostAllowed('127.0.0.1.nip.io:4123', 4123)).toBe(false);
    expect(hostAllowed(undefined, 4123)).toBe(false);
    expect(hostAllowed('[::1]:4123', 4123)).toBe(false); // we never listen on ::1
  });

  it('accepts a missing Origin or our own, nothing else', () => {
    expect(originAllowed(undefined, 80)).toBe(true);
    expect(originAllowed('http://127.0.0.1:80', 80)).toBe(true);
    expect(originAllowed('http://localhost:80', 80)).toBe(true);
    expect(originAllowed('null', 80)).toBe(false);
    expect(originAllowed('https://127.0.0.1:80', 80)).toBe(false);
    expect(originAllowed('http://127.0.0.1:81', 80)).toBe(false);
    expect(originAllowed('http://evil.example', 80)).toBe(false);
  });

  it('makes 32-byte random tokens and compares them exactly', () => {
    const a = newToken();
    const b = newToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(tokenEquals(a, a)).toBe(true);
    expect(tokenEquals(b, a)).toBe(false);
    expect(tokenEquals(a.slice(0, -1), a)).toBe(false);
    expect(tokenEquals('', a)).toBe(false);
    expect(tokenEquals(null, a)).toBe(false);
  });

  it('reads the token cookie among others', () => {
    expect(cookieValue('a=1; crashlens_token=xyz; b=2', 'crashlens_token')).toBe('xyz');
    expect(cookieValue('xcrashlens_token=no', 'crashlens_token')).toBe(null);
    expect(cookieValue(undefined, 'crashlens_token')).toBe(null);
  });
});
