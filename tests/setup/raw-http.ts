// Requests that fetch cannot send: any Host, any request target, bytes exactly as given.
import http from "node:http";
import net from "node:net";

export interface RawResponse {
  /** 0 when the connection closed without an answer. */
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `request` on a new connection as it is and reads the answer until the server closes it
 * (`rawRequest` asks it to). The client never half-closes: the server would take that as the
 * client going away and drop the request, and a body may still be on its way.
 */
export function rawExchange(baseUrl: string, request: string | Buffer): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    // A server that answers early and closes can reset a connection the client still writes on:
    // what arrived before the reset is the answer.
    socket.on("error", (error) => (chunks.length ? undefined : reject(error)));
    socket.on("close", () => resolve(parseResponse(Buffer.concat(chunks).toString("latin1"))));
    socket.write(request);
  });
}

function parseResponse(text: string): RawResponse {
  const [head = "", ...rest] = text.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: rest.join("\r\n\r\n") };
}

/** A request with one header per entry, `Connection: close`, and `body` after it if given. */
export function rawRequest(line: string, headers: Record<string, string>, body = ""): string {
  const fields = Object.entries({ ...headers, Connection: "close" }).map(([name, value]) => `${name}: ${value}\r\n`);
  return `${line}\r\n${fields.join("")}\r\n${body}`;
}

/** A GET (or HEAD) through node:http, which (unlike fetch) leaves the body as the server encoded it. */
export function rawGet(url: string, headers: Record<string, string>, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .request(url, { headers, method }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on("error", reject);
      })
      .on("error", reject)
      .end();
  });
}
