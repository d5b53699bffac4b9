import { Fragment } from "react";

// The same private-use markers search/types.ts defines (that module is server-side only).
const PRE = "\uE000";
const POST = "\uE001";

/**
 * Text with the search engine's highlight markers shown as <mark>. Every piece is rendered as a
 * React text node (escaped); only our own markers become elements, so indexed HTML stays inert.
 */
export function Highlighted({ text }: { text: string }) {
  const parts: { text: string; marked: boolean }[] = [];
  for (const [i, chunk] of text.split(PRE).entries()) {
    if (i === 0) {
      parts.push({ text: chunk.replaceAll(POST, ""), marked: false });
      continue;
    }
    const end = chunk.indexOf(POST);
    if (end === -1) {
      parts.push({ text: chunk, marked: false });
      continue;
    }
    parts.push({ text: chunk.slice(0, end), marked: true });
    parts.push({ text: chunk.slice(end + 1).replaceAll(POST, ""), marked: false });
  }
  return (
    <>
      {parts.map((part, i) => (part.marked ? <mark key={i}>{part.text}</mark> : <Fragment key={i}>{part.text}</Fragment>))}
    </>
  );
}
