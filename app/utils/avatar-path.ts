/** Where an uploaded avatar is served: its content hash is its name, so it is cached for good (see routes/avatars.$file.tsx). */
export function avatarPath(mediaId: string | null | undefined): string | null {
  return mediaId ? `/avatars/${mediaId}.webp` : null;
}
