import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

/** One message ready to go: RFC 5322 headers and both bodies. */
export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable across attempts, so a receiver can drop a repeat. */
  messageId: string;
  language: 'FI' | 'EN';
}

export interface MailTransport {
  /** Where mail goes, for the start-up lines (never credentials). */
  description: string;
  send(mail: OutgoingEmail): Promise<void>;
  close(): void;
}

function toNodemailer(mail: OutgoingEmail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: { 'Content-Language': mail.language.toLowerCase(), 'Auto-Submitted': 'auto-generated' },
  };
}

/** SMTP through nodemailer (SMTP_URL, e.g. smtps://user:pass@mail.example.fi:465). */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  const parsed = new URL(url);
  return {
    description: `SMTP ${parsed.protocol}//${parsed.hostname}:${parsed.port || '(default port)'}`,
    async send(mail) {
      await transporter.sendMail(toNodemailer(mail));
    },
    close: () => transporter.close(),
  };
}

/**
 * The embedded default: each message is built by nodemailer as a real RFC
 * 5322 message and written to `<dir>/<time>-<id>.eml`, which any mail client
 * opens. Nothing leaves the machine.
 */
export function fileTransport(dir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const absolute = path.resolve(dir);
  return {
    description: `files in ${absolute}`,
    async send(mail) {
      const info = (await transporter.sendMail(toNodemailer(mail))) as { message: Buffer };
      await mkdir(absolute, { recursive: true, mode: 0o700 });
      const id = mail.messageId.replace(/[<>]/g, '').split('@')[0];
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      await writeFile(path.join(absolute, `${stamp}-${id}.eml`), info.message, { mode: 0o600 });
    },
    close: () => transporter.close(),
  };
}

export function mailTransportFor(config: { smtpUrl: string | null; mailDir: string }): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(config.mailDir);
}
