import { z } from "zod";
import { WEBHOOK_EVENT_NAMES } from "~/domain/webhooks";

const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
// The host as typed: the URL parser rewrites 2130706433, 0x7f.1, 0177.0.0.1 and 127.1 to 127.0.0.1.
const TYPED_HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\\]*@)?(\[[^\]]*\]|[^:/?#\\]*)/i;

/**
 * Why a webhook URL cannot be used, or null when it can: http(s), a real host, no credentials, an
 * IPv4 address written as four decimal numbers (other spellings only serve to slip past filters).
 */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return "Enter a full URL, like https://example.com/hooks/peerdesk";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "Only http:// and https:// URLs can receive webhooks";
  if (url.username || url.password) return "Put credentials in the secret, not in the URL";
  const host = url.hostname;
  if (IPV4.test(host) && TYPED_HOST.exec(raw.trim())?.[1]?.toLowerCase() !== host) {
    return `Write the address as four numbers from 0 to 255 (this one means ${host})`;
  }
  if (host.startsWith("[") || IPV4.test(host) || host === "localhost") return null;
  const labels = host.split(".");
  const tld = labels[labels.length - 1] ?? "";
  if (host.length > 253 || labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label)) || !/^[a-z]{2,63}$/i.test(tld)) {
    return "That host name is not valid";
  }
  return null;
}

export const WebhookInputSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .superRefine((value, ctx) => {
      const problem = webhookUrlProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  // Blank: the server generates one and shows it once.
  secret: z.string().trim().max(200).refine((s) => s === "" || s.length >= 16, "Use at least 16 characters, or leave it blank").default(""),
  events: z.array(z.enum(WEBHOOK_EVENT_NAMES)).min(1, "Choose at least one event"),
});
export type WebhookInput = z.input<typeof WebhookInputSchema>;
