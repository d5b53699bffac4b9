import { z } from "zod";

export const WEBHOOK_EVENT_NAMES = ["thread.escalated", "thread.escalation_resolved", "thread.solved", "post.created"] as const;

const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Why a webhook URL cannot be used, or null when it can: http(s), a real host, no credentials. */
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
