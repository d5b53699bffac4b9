import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { media, users } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { AVATAR_MAX_BYTES, AVATAR_SIZE } from "~/domain/avatars";
import type { Clock } from "~/utils/clock";
import { avatarPath } from "~/utils/avatar-path";
import { readImageInfo } from "~/utils/image-info.server";
import { requireNotSuspended, requireOwnAccount } from "./account-security.server";
import { Invalid, NotFound } from "./errors";

interface Deps {
  db: Db;
  clock: Clock;
}

/** Decoding more pixels than this is refused before any is decoded: a small file declaring a huge image (a bomb) stops here. */
export const AVATAR_MAX_INPUT_PIXELS = 6000 * 6000;

export const AVATAR_NOT_AN_IMAGE = "Choose a PNG, JPEG, GIF or WebP image";
export const AVATAR_TOO_LARGE = `Choose an image under ${AVATAR_MAX_BYTES / 1024} KB`;
export const AVATAR_TOO_MANY_PIXELS = "This image is too large in pixels: use one at most 6000 × 6000";


/**
 * Turns an upload into a square WebP avatar: turned upright by its EXIF orientation, cropped to
 * the middle, resized to AVATAR_SIZE and re-encoded, which leaves every piece of metadata (EXIF
 * location, camera, comments) behind. What is not an image, too large a file, or an image bomb is
 * a field error on `avatar`.
 */
export async function processAvatarImage(bytes: Buffer): Promise<Buffer> {
  if (bytes.length > AVATAR_MAX_BYTES) throw new Invalid({ avatar: AVATAR_TOO_LARGE });
  // The type is read from the bytes; SVG (script) and ICO are not avatars.
  const info = readImageInfo(bytes);
  if (!info || info.contentType === "image/x-icon") throw new Invalid({ avatar: AVATAR_NOT_AN_IMAGE });
  if (info.width * info.height > AVATAR_MAX_INPUT_PIXELS) throw new Invalid({ avatar: AVATAR_TOO_MANY_PIXELS });
  // sharp (libvips) is loaded on the first upload, not at start: it weighs a third of a second (issue 14).
  const { default: sharp } = await import("sharp");
  try {
    return await sharp(bytes, { limitInputPixels: AVATAR_MAX_INPUT_PIXELS, failOn: "error", animated: false })
      .rotate()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: "cover", position: "attention" })
      .webp({ quality: 82 })
      .toBuffer();
  } catch (error) {
    // The header can understate what the decoder finds; sharp says so in its message.
    if (error instanceof Error && /pixel limit/i.test(error.message)) throw new Invalid({ avatar: AVATAR_TOO_MANY_PIXELS });
    throw new Invalid({ avatar: "This image could not be read: it may be damaged. Try another." });
  }
}

/** Uploads the member's picture (replacing any before it) and answers its address. */
export async function setAvatar(deps: Deps, actor: Actor | null, upload: Buffer): Promise<string> {
  const user = requireOwnAccount(deps.db, actor);
  requireNotSuspended(user, deps.clock.now());
  const data = await processAvatarImage(upload);
  // Per member and content: the same picture uploaded again keeps its address.
  const id = createHash("sha256").update(user.id).update(data).digest("hex").slice(0, 40);
  transaction(deps.db, (tx) => {
    tx.insert(media)
      .values({ id, kind: "avatar", contentType: "image/webp", data, width: AVATAR_SIZE, height: AVATAR_SIZE, ownerId: user.id, createdAt: deps.clock.now() })
      .onConflictDoNothing()
      .run();
    if (user.avatarMediaId && user.avatarMediaId !== id) tx.delete(media).where(and(eq(media.id, user.avatarMediaId), eq(media.kind, "avatar"))).run();
    tx.update(users).set({ avatarMediaId: id }).where(eq(users.id, user.id)).run();
  });
  return avatarPath(id)!;
}

/** Back to the generated initials. Allowed while suspended: taking a picture down is never harmful. */
export function removeAvatar(deps: Deps, actor: Actor | null): void {
  const user = requireOwnAccount(deps.db, actor);
  if (!user.avatarMediaId) return;
  transaction(deps.db, (tx) => {
    tx.delete(media).where(and(eq(media.id, user.avatarMediaId!), eq(media.kind, "avatar"))).run();
    tx.update(users).set({ avatarMediaId: null }).where(eq(users.id, user.id)).run();
  });
}

/** An avatar's bytes, for anyone (avatars are as public as the posts they stand beside). */
export function getAvatar({ db }: { db: Db }, id: string): { contentType: string; data: Buffer } {
  const image = db.select({ contentType: media.contentType, data: media.data }).from(media).where(and(eq(media.id, id), eq(media.kind, "avatar"))).get();
  if (!image) throw new NotFound("No such avatar");
  return image;
}
