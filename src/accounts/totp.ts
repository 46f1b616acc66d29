import { Secret, TOTP } from 'otpauth';

/** Time-based one-time passwords (RFC 6238), as authenticator apps produce them. */
const make = (secret: string, label = 'JSI Monitor') =>
  new TOTP({ issuer: 'JSI Monitor', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

export const newTotpSecret = () => new Secret({ size: 20 }).base32;

export const totpUri = (secret: string, email: string) => make(secret, email).toString();

/**
 * The time step a code belongs to, or null when it is wrong. One step either side is accepted for
 * clock drift; the caller refuses a step already used, so a code works once.
 */
export function totpStep(secret: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = make(secret).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 30_000) + delta;
}

export const totpCode = (secret: string, now = Date.now()) => make(secret).generate({ timestamp: now });
