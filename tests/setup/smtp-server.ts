import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { createMailer } from "~/services/mail.server";
import { createTestDeps } from "./deps";

/** A real SMTP server on loopback (`port` 0: any free one) that keeps every message it accepts. */
export async function startSmtp(port = 0) {
  const messages: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      stream.on("end", () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    messages,
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Test deps whose mailer sends to a fresh in-process SMTP server, with links built from `publicUrl`;
 * `close` ends all of it.
 */
export async function startSmtpDeps(publicUrl: string) {
  const smtp = await startSmtp();
  const deps = createTestDeps(
    { mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: "Peerdesk <community@peerdesk.test>", mailDir: "unused" }) },
    { PUBLIC_URL: publicUrl },
  );
  return {
    smtp,
    deps,
    async close() {
      deps.mailer.close();
      deps.db.$client.close();
      await smtp.close();
    },
  };
}
