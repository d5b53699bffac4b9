// WCAG 2 relative luminance and contrast, so a brand's accent never makes the widget unreadable.
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Text on an accent background: whichever of near-black or white reads better. */
export function textOn(accent: string): string {
  return contrastRatio(accent, "#111111") > contrastRatio(accent, "#ffffff") ? "#111111" : "#ffffff";
}

/** The accent as link colour on white when it is readable (4.5:1), else a dark neutral blue. */
export function linkOn(accent: string): string {
  return contrastRatio(accent, "#ffffff") >= 4.5 ? accent : "#1a4f8b";
}
