import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getAvatar } from "~/services/avatars.server";
import { immutableImageResponse, serviceErrorToData } from "~/utils/http.server";

const ParamsSchema = z.object({ file: z.string().regex(/^[0-9a-f]{40}\.webp$/) });

// The name is the content's hash: a new picture gets a new address, so this one may be cached for good.
export function loader({ params, context }: LoaderFunctionArgs) {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("No such avatar", { status: 404 });
  try {
    const image = getAvatar(context.deps, parsed.data.file.slice(0, -".webp".length));
    return immutableImageResponse(image);
  } catch (error) {
    throw serviceErrorToData(error);
  }
}
