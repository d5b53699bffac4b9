// Recognises an uploaded image by its bytes, never by its name or the browser's say-so, and reads
// its size from the header, so an "image bomb" (a small file declaring huge dimensions) is refused
// before anything would decode it. SVG is not accepted: it can carry script.

export interface ImageInfo {
  contentType: "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "image/x-icon";
  width: number;
  height: number;
}

function png(bytes: Buffer): ImageInfo | null {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return null;
  if (bytes.toString("latin1", 12, 16) !== "IHDR") return null;
  return { contentType: "image/png", width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function gif(bytes: Buffer): ImageInfo | null {
  if (bytes.length < 10 || !/^GIF8[79]a$/.test(bytes.toString("latin1", 0, 6))) return null;
  return { contentType: "image/gif", width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
}

function jpeg(bytes: Buffer): ImageInfo | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    // Start-of-frame markers (baseline, progressive, …) hold the size; C4, C8 and CC are not frames.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { contentType: "image/jpeg", height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  return null;
}

function webp(bytes: Buffer): ImageInfo | null {
  if (bytes.length < 30 || bytes.toString("latin1", 0, 4) !== "RIFF" || bytes.toString("latin1", 8, 12) !== "WEBP") return null;
  const chunk = bytes.toString("latin1", 12, 16);
  if (chunk === "VP8X") return { contentType: "image/webp", width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
  if (chunk === "VP8 ") return { contentType: "image/webp", width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  if (chunk === "VP8L") {
    const bits = bytes.readUInt32LE(21);
    return { contentType: "image/webp", width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  return null;
}

function ico(bytes: Buffer): ImageInfo | null {
  if (bytes.length < 22 || bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1 || bytes.readUInt16LE(4) === 0) return null;
  // 0 in the directory means 256 pixels.
  return { contentType: "image/x-icon", width: bytes[6] || 256, height: bytes[7] || 256 };
}

/** The image's type and size, or null when the bytes are not a PNG, JPEG, GIF, WebP or ICO image. */
export function readImageInfo(bytes: Buffer): ImageInfo | null {
  for (const sniff of [png, jpeg, gif, webp, ico]) {
    const info = sniff(bytes);
    if (info) return info.width > 0 && info.height > 0 ? info : null;
  }
  return null;
}
