// A response whose body is already one Buffer (a rendered page) is written to the socket as it is,
// not read back through the web stream a Response keeps it in (issue 14: reading that stream was
// ~8 % of a signed-in category page's CPU). The Buffer travels on the Response under a registered
// symbol: entry.server is in Remix's build and the express handler in the server's bundle, each
// with its own copy of this module.
const WHOLE_BODY = Symbol.for("peerdesk.wholeBody");

type Tagged = Response & { [WHOLE_BODY]?: Buffer };

export function wholeResponse(body: Buffer<ArrayBuffer>, init: ResponseInit): Response {
  const response: Tagged = new Response(body, init);
  response[WHOLE_BODY] = body;
  return response;
}

/** The body a wholeResponse() was made with, unless something read it since. */
export function wholeBodyOf(response: Response): Buffer | undefined {
  return response.bodyUsed ? undefined : (response as Tagged)[WHOLE_BODY];
}
