import { resolve } from 'node:path';

/** Everything the deployment may set, read once from the environment. */
export interface Config {
  /** `postgres://…` for PostgreSQL; otherwise a SQLite file path (default `./data/jsi.db`). */
  readonly databaseUrl: string;
  readonly port: number;
  readonly host: string;
  /** Base of the record URLs written into exports and API answers. */
  readonly publicUrl: string;
  /** Country profile folder name under `data/profiles/`. */
  readonly profile: string;
  /** Two-factor authentication required of administrators and editors. */
  readonly requireTwoFactor: boolean;
  /** Where password-reset mail goes out (`smtp://host:port`); unset: no mail is sent. */
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  /** Requests a minute that one address may make without signing in. */
  readonly publicRateLimit: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  const host = env.HOST ?? '0.0.0.0';
  return {
    databaseUrl: env.DATABASE_URL ?? resolve('data', 'jsi.db'),
    port,
    host,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    profile: env.JSI_PROFILE ?? 'kz',
    requireTwoFactor: env.JSI_REQUIRE_2FA === '1',
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM ?? 'JSI Monitor <no-reply@localhost>',
    publicRateLimit: Number(env.JSI_PUBLIC_RATE_LIMIT ?? 600),
  };
}
