import { rememberTimeTextsWith } from "./relative-time";

/** Formatters and answers kept at most; all forgotten at once when full (locales and zones come from members' settings). */
export const TIME_TEXTS_LIMIT = 10_000;

/**
 * The server's memory for app/utils/relative-time.ts: each formatter and text kept under every input
 * that shapes it, so each is what a fresh call would give.
 */
export function keepTimeTexts(): void {
  const kept = new Map<string, unknown>();
  rememberTimeTextsWith(<T>(make: () => T, ...key: unknown[]): T => {
    const id = key.join("\u0000");
    let answer = kept.get(id) as T | undefined;
    if (answer === undefined) {
      if (kept.size >= TIME_TEXTS_LIMIT) kept.clear();
      kept.set(id, (answer = make()));
    }
    return answer;
  });
}
