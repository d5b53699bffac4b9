// Just enough MIME reading for tests to check what a real SMTP server received: header fields
// (folded lines joined, RFC 2047 encoded words decoded) and the decoded text of each part.

export interface MimePart {
  headers: Map<string, string>;
  body: string;
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1");
      return new TextDecoder(charset).decode(bytes);
    });
}

function splitHead(raw: string): { rawHeaders: Map<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, at);
  const body = raw.slice(at).replace(/^\r?\n\r?\n/, "");
  const rawHeaders = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) rawHeaders.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { rawHeaders, body };
}

function decodeBody(body: string, transferEncoding: string | undefined): string {
  const encoding = (transferEncoding ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

/** The message's header fields as sent (`raw`) and decoded, and its leaf parts, decoded. */
export function readMime(message: string): { rawHeaders: Map<string, string>; headers: Map<string, string>; parts: MimePart[] } {
  const { rawHeaders, body } = splitHead(message);
  const headers = new Map([...rawHeaders].map(([name, value]) => [name, decodeWords(value)]));
  return { rawHeaders, headers, parts: leafParts(rawHeaders, body) };
}

function leafParts(headers: Map<string, string>, body: string): MimePart[] {
  const type = headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (!type.startsWith("multipart/") || !boundary) {
    return [{ headers, body: decodeBody(body, headers.get("content-transfer-encoding")) }];
  }
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((chunk) => {
      const part = splitHead(chunk.replace(/^\r?\n/, ""));
      return leafParts(part.rawHeaders, part.body.replace(/\r?\n$/, ""));
    });
}

/** The decoded text of the part whose Content-Type starts with `type`. */
export function partOf(message: { parts: MimePart[] }, type: string): string {
  const part = message.parts.find((candidate) => (candidate.headers.get("content-type") ?? "").startsWith(type));
  if (!part) throw new Error(`no ${type} part`);
  return part.body;
}
