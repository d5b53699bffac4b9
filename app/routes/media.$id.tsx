import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getBrandImage } from "~/services/brand-images.server";
import { serviceErrorToData } from "~/utils/http.server";

const ParamsSchema = z.object({ id: z.uuid() });

// A new upload gets a new id, so an image never changes under its address and may be cached for good.
export function loader({ params, context }: LoaderFunctionArgs) {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("No such image", { status: 404 });
  try {
    const image = getBrandImage(context.deps, parsed.data.id);
    return new Response(new Uint8Array(image.data), {
      headers: {
        "Content-Type": image.contentType,
        "Cache-Control": "public, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'",
      },
    });
  } catch (error) {
    throw serviceErrorToData(error);
  }
}
