// The words and markup of member email. Everything a member typed (titles, names, answers) enters
// the HTML part only through element(), which escapes it, so a title with `<`, `&` or `]]>` is text.
import type { MemberMailKind } from "~/domain/member-mail";
import { element, Markup } from "~/utils/xml.server";
import type { MailMessage } from "./mail.server";

export interface MailThread {
  title: string;
}

/** One event as a mail names it: what happened, in which thread, by whom, and where to read it. */
export interface MailEntry {
  kind: MemberMailKind;
  thread: MailThread;
  actorName: string;
  excerpt: string;
  /** Absolute. */
  url: string;
}

export interface MailFrame {
  to: string;
  recipientName: string;
  siteName: string;
  publicUrl: string;
  /** Absolute, signed: stops this kind of mail (or all of it, from a digest) without signing in. */
  unsubscribeUrl: string;
}

const EXCERPT_CHARS = 280;

/** The start of an answer's plain text, cut at a word near EXCERPT_CHARS. */
export function excerptOf(plain: string): string {
  if (plain.length <= EXCERPT_CHARS) return plain;
  const cut = plain.slice(0, EXCERPT_CHARS);
  const space = cut.lastIndexOf(" ");
  return `${(space > EXCERPT_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function headline(entry: MailEntry): string {
  const title = `“${entry.thread.title}”`;
  if (entry.kind === "answer") return `${entry.actorName} answered your question ${title}`;
  if (entry.kind === "accepted") return `${entry.actorName} accepted your answer in ${title}`;
  return `${entry.actorName} (staff) answered ${title}, a thread you follow`;
}

function subjectOf(entry: MailEntry): string {
  if (entry.kind === "answer") return `New answer: ${entry.thread.title}`;
  if (entry.kind === "accepted") return `Your answer was accepted: ${entry.thread.title}`;
  return `Staff answer: ${entry.thread.title}`;
}

const REASONS: Record<MemberMailKind, string> = {
  answer: "you asked this question",
  accepted: "you wrote this answer",
  staff_answer: "you follow this thread",
};

/** RFC 8058: a mail client may offer "Unsubscribe" and POST `List-Unsubscribe=One-Click` to the link. */
function unsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

function htmlDocument(title: string, body: Markup[]): string {
  const html = element("html", { lang: "en" }, [
    element("head", {}, [element("meta", { charset: "utf-8" }), element("title", {}, [title])]),
    element("body", { style: "font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328" }, body),
  ]);
  return `<!DOCTYPE html>\n${html.xml}\n`;
}

function footerText(frame: MailFrame, reason: string, stopLabel: string): string {
  return `\n--\nYou get this email from ${frame.siteName} because ${reason}.\n${stopLabel}: ${frame.unsubscribeUrl}\nAll email settings: ${frame.publicUrl}/account\n`;
}

function footerHtml(frame: MailFrame, reason: string, stopLabel: string): Markup {
  return element("p", { style: "font-size: 0.85em; color: #59636e" }, [
    `You get this email from ${frame.siteName} because ${reason}. `,
    element("a", { href: frame.unsubscribeUrl }, [stopLabel]),
    " · ",
    element("a", { href: `${frame.publicUrl}/account` }, ["All email settings"]),
  ]);
}

/** One event, mailed as it happens. */
export function eventMail(frame: MailFrame, entry: MailEntry): MailMessage {
  const stop = "Stop emails like this";
  const line = headline(entry);
  const text =
    `Hello ${frame.recipientName},\n\n${line}:\n\n` +
    (entry.excerpt ? `${entry.excerpt.replace(/^/gm, "> ")}\n\n` : "") +
    `Read it on ${frame.siteName}: ${entry.url}\n` +
    footerText(frame, REASONS[entry.kind], stop);
  const html = htmlDocument(subjectOf(entry), [
    element("p", {}, [`Hello ${frame.recipientName},`]),
    element("p", {}, [`${line}:`]),
    ...(entry.excerpt ? [element("blockquote", { style: "border-left: 3px solid #d0d7de; margin: 0; padding-left: 1em" }, [entry.excerpt])] : []),
    element("p", {}, [element("a", { href: entry.url }, [`Read it on ${frame.siteName}`])]),
    footerHtml(frame, REASONS[entry.kind], stop),
  ]);
  return { to: frame.to, subject: subjectOf(entry), text, html, headers: unsubscribeHeaders(frame.unsubscribeUrl) };
}

/** A day's events in one mail. */
export function digestMail(frame: MailFrame, entries: MailEntry[]): MailMessage {
  const stop = "Stop these emails";
  const reason = "you chose one daily summary of answers to your questions and threads";
  const count = `${entries.length} update${entries.length === 1 ? "" : "s"}`;
  const subject = `Your daily summary from ${frame.siteName}: ${count}`;
  const text =
    `Hello ${frame.recipientName},\n\nHere is what happened on ${frame.siteName} since your last summary:\n\n` +
    entries.map((entry) => `* ${headline(entry)}\n  ${entry.url}\n`).join("\n") +
    footerText(frame, reason, stop);
  const html = htmlDocument(subject, [
    element("p", {}, [`Hello ${frame.recipientName},`]),
    element("p", {}, [`Here is what happened on ${frame.siteName} since your last summary:`]),
    element(
      "ul",
      {},
      entries.map((entry) => element("li", {}, [element("a", { href: entry.url }, [headline(entry)]), ...(entry.excerpt ? [element("br"), entry.excerpt] : [])])),
    ),
    footerHtml(frame, reason, stop),
  ]);
  return { to: frame.to, subject, text, html, headers: unsubscribeHeaders(frame.unsubscribeUrl) };
}
