import fs from "node:fs/promises";
import path from "node:path";
import type { Transporter } from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra header lines (List-Unsubscribe and List-Unsubscribe-Post on member mail). */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** How long one send may wait on the SMTP server, in milliseconds. */
export interface MailTimeouts {
  /** TCP connect (and DNS), like nodemailer's own option. */
  connectionTimeout: number;
  /** From connecting to the server's 220 greeting. */
  greetingTimeout: number;
  /** Silence on an open connection. */
  socketTimeout: number;
  /** The whole send, however the server dribbles its replies; the connection is closed at this point. */
  sendTimeout: number;
}

// A mail job is locked for LOCK_MS (db/job-queue.server.ts) while it sends; if a send outlived
// the lock another process could claim the job and send the message twice. nodemailer's defaults
// (2 min connect, 30 s greeting, 10 min idle socket) do, so every wait is set here, far below it.
export const MAIL_TIMEOUTS: MailTimeouts = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 10_000,
  sendTimeout: 30_000,
};

/** Over SMTP when a URL is configured; otherwise each message is written as an .eml file. */
export function createMailer({
  smtpUrl,
  from,
  mailDir,
  timeouts = MAIL_TIMEOUTS,
}: {
  smtpUrl?: string;
  from: string;
  mailDir: string;
  timeouts?: MailTimeouts;
}): Mailer {
  if (smtpUrl) {
    const { sendTimeout, ...waits } = timeouts;
    const transport = lazyTransport((nodemailer) => nodemailer.createTransport({ url: smtpUrl, ...waits }, { from }));
    return {
      async send(message) {
        const signal = AbortSignal.timeout(sendTimeout);
        try {
          await (await transport.get()).sendMail({ from, ...message, signal });
        } catch (error) {
          if (signal.aborted) throw new Error(`Timed out after ${sendTimeout} ms sending mail`, { cause: error });
          throw error;
        }
      },
      close: transport.close,
    };
  }
  const transport = lazyTransport((nodemailer) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }));
  return {
    async send(message) {
      const info = await (await transport.get()).sendMail({ from, ...message });
      await fs.mkdir(mailDir, { recursive: true });
      const name = `${Date.now()}-${info.messageId.replace(/[^a-z0-9]/gi, "")}.eml`;
      await fs.writeFile(path.join(mailDir, name), info.message as Buffer);
    },
    close: transport.close,
  };
}

type Nodemailer = typeof import("nodemailer");

/** nodemailer is loaded with the first message rather than at start (issue 14: cold start). */
function lazyTransport<T extends Transporter>(create: (nodemailer: Nodemailer) => T) {
  let transport: Promise<T> | undefined;
  return {
    get: () => (transport ??= import("nodemailer").then((module) => create(module.default as unknown as Nodemailer))),
    close: () => void transport?.then((made) => made.close()),
  };
}
