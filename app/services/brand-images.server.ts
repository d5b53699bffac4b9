import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { media } from "@db/schema";
import type { Clock } from "~/utils/clock";
import { readImageInfo } from "~/utils/image-info.server";
import { NotFound } from "./errors";

export const BRAND_IMAGE_MAX_BYTES = 512 * 1024;
export const BRAND_IMAGE_MAX_SIDE = 2048;
export type BrandImageKind = "logo" | "favicon";

/** Why these bytes cannot be the site's logo or favicon, or null when they can. */
export function brandImageProblem(bytes: Buffer): string | null {
  if (bytes.length > BRAND_IMAGE_MAX_BYTES) return `Use an image under ${BRAND_IMAGE_MAX_BYTES / 1024} KB`;
  const info = readImageInfo(bytes);
  if (!info) return "Use a PNG, JPEG, GIF, WebP or ICO image";
  if (info.width > BRAND_IMAGE_MAX_SIDE || info.height > BRAND_IMAGE_MAX_SIDE) return `Use an image at most ${BRAND_IMAGE_MAX_SIDE} pixels on each side`;
  return null;
}

/** Stores an image already checked by brandImageProblem and answers the address it is served at. */
export function storeBrandImage({ db, clock }: { db: Db; clock: Clock }, kind: BrandImageKind, bytes: Buffer): string {
  const info = readImageInfo(bytes);
  if (!info || brandImageProblem(bytes)) throw new Error("storeBrandImage: the image was not checked");
  const id = randomUUID();
  db.insert(media).values({ id, kind, contentType: info.contentType, data: bytes, width: info.width, height: info.height, createdAt: clock.now() }).run();
  return `/media/${id}`;
}

/** The logo or favicon stored under `id`; other media (avatars) are not served here. */
export function getBrandImage({ db }: { db: Db }, id: string) {
  const image = db
    .select({ contentType: media.contentType, data: media.data })
    .from(media)
    .where(and(eq(media.id, id), inArray(media.kind, ["logo", "favicon"])))
    .get();
  if (!image) throw new NotFound("No such image");
  return image;
}
