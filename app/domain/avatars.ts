/** Under the upload body limit (BODY_LIMIT_UPLOAD_KB, 1 MiB by default), so a large photo gets a message next to the field, not a bare 413. */
export const AVATAR_MAX_BYTES = 768 * 1024;
/** Stored avatars are this many pixels square. */
export const AVATAR_SIZE = 256;
