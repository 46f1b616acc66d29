import nodemailer from 'nodemailer';
import type { Config } from '../platform/config.js';

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends mail over SMTP (SMTP_URL). Without it, nothing can be sent and the caller is told so. */
export async function sendMail(config: Config, mail: Mail): Promise<void> {
  if (!config.smtpUrl) throw new Error('no SMTP server is configured (SMTP_URL)');
  const transport = nodemailer.createTransport(config.smtpUrl);
  try {
    await transport.sendMail({ from: config.mailFrom, ...mail });
  } finally {
    transport.close();
  }
}
