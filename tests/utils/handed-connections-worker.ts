// A worker process reduced to what serveHandedConnections needs: a server that does not listen,
// answering with its process id. Forked by handed-connections.test.ts.
import http from "node:http";
import { serveHandedConnections } from "~/workers.server";

// Whatever else listens for the primary's messages may have let go of the channel (as the page
// cache's sharing once did): serving connections must hold on to it.
process.channel?.unref();
serveHandedConnections(http.createServer((_request, response) => response.end(String(process.pid))));
