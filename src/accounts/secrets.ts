import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Random secrets for cookies, tokens and links: 256 bits, URL-safe. */
export const newSecret = () => randomBytes(32).toString('base64url');

/** Secrets we hand out are stored only as their SHA-256: a stolen table opens nothing. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// argon2id with the OWASP-recommended memory and time cost for interactive logins.
const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 12;

export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 200) return 'a password may have at most 200 characters';
  return undefined;
}

/** A one-time password for a new account: readable, 20 characters from an unambiguous alphabet. */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}
