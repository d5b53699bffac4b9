import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Over SMTP when a URL is configured; otherwise each message is written as an .eml file. */
export function createMailer({ smtpUrl, from, mailDir }: { smtpUrl?: string; from: string; mailDir: string }): Mailer {
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl, { from });
    return {
      async send(message) {
        await transport.sendMail({ from, ...message });
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(message) {
      const info = await transport.sendMail({ from, ...message });
      await fs.mkdir(mailDir, { recursive: true });
      const name = `${Date.now()}-${info.messageId.replace(/[^a-z0-9]/gi, "")}.eml`;
      await fs.writeFile(path.join(mailDir, name), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
