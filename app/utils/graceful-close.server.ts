import type http from "node:http";
import type net from "node:net";

export interface GracefulClose {
  /** Stops accepting connections and resolves once every connection has closed. */
  close(): Promise<void>;
}

/**
 * Makes stopping a server graceful for keep-alive clients. Once `close()` is called, idle
 * connections are closed, and every connection still serving a request closes after that response:
 * a response not yet started says `Connection: close`, one already under way (its headers sent with
 * keep-alive) has its connection closed once it has been flushed. So no connection takes another
 * request while the server stops, and none is cut off in the middle of one. (Closing idle
 * connections on a timer instead let a busy connection go on serving new requests, then reset it
 * between two of them.)
 * A server that does not listen itself (a worker, served connections its primary accepted) is
 * closed the same way: it resolves once the connections it was given have closed.
 */
export function closeGracefully(server: http.Server): GracefulClose {
  let stopping = false;
  const inFlight = new Map<http.ServerResponse, net.Socket>();
  const open = new Set<net.Socket>();
  let allClosed = () => {};
  server.on("connection", (socket: net.Socket) => {
    open.add(socket);
    socket.once("close", () => {
      open.delete(socket);
      if (open.size === 0) allClosed();
    });
  });

  const endAfter = (response: http.ServerResponse, socket: net.Socket) => {
    if (!response.headersSent) response.setHeader("Connection", "close");
    else response.once("finish", () => socket.destroySoon());
  };

  // Before the app's own listener, so the header is set before anything is written.
  server.prependListener("request", (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (stopping) return endAfter(response, request.socket);
    inFlight.set(response, request.socket);
    response.once("close", () => inFlight.delete(response));
  });

  return {
    close: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        for (const [response, socket] of inFlight) endAfter(response, socket);
        inFlight.clear();
        server.closeIdleConnections();
        const listening = server.listening ? new Promise<void>((closed) => server.close(() => closed())) : Promise.resolve();
        const connectionsClosed = open.size === 0 ? Promise.resolve() : new Promise<void>((closed) => (allClosed = closed));
        void Promise.all([listening, connectionsClosed]).then(() => resolve());
      }),
  };
}
