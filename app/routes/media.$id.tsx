import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getBrandImage } from "~/services/brand-images.server";
import { immutableImageResponse, serviceErrorToData } from "~/utils/http.server";

const ParamsSchema = z.object({ id: z.uuid() });

// A new upload gets a new id, so an image never changes under its address and may be cached for good.
export function loader({ params, context }: LoaderFunctionArgs) {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("No such image", { status: 404 });
  try {
    const image = getBrandImage(context.deps, parsed.data.id);
    return immutableImageResponse(image);
  } catch (error) {
    throw serviceErrorToData(error);
  }
}
