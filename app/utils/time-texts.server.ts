import { rememberTimeTextsWith } from "./relative-time";

/** Formatters and answers kept at most; all forgotten at once when full (locales and zones come from members' settings). */
export const TIME_TEXTS_LIMIT = 10_000;

type Level = Map<unknown, Level> & { answers?: Map<unknown, unknown> };

/**
 * The server's memory for app/utils/relative-time.ts: each formatter and text kept under every input
 * that shapes it, so each is what a fresh call would give. Kept in maps nested by the key's parts,
 * each part its own map key: joining them into one string turned every moment's number into text
 * on every lookup, a fifth of a freshly drawn thread page's rendering (issue 14: 2.9 % of a worker's
 * time while answers were posted).
 */
export function keepTimeTexts(): void {
  let kept: Level = new Map();
  let size = 0;
  rememberTimeTextsWith(<T>(make: () => T, ...key: unknown[]): T => {
    let level = kept;
    for (let i = 0; i < key.length - 1; i++) {
      let next = level.get(key[i]);
      if (!next) level.set(key[i], (next = new Map()));
      level = next;
    }
    // Answers beside the deeper levels: a key may be a prefix of a longer one.
    const answers = (level.answers ??= new Map());
    const last = key[key.length - 1];
    let answer = answers.get(last) as T | undefined;
    if (answer === undefined) {
      answer = make();
      if (size >= TIME_TEXTS_LIMIT) {
        kept = new Map();
        size = 0;
        // This answer is kept in the new memory on its next lookup.
        return answer;
      }
      answers.set(last, answer);
      size += 1;
    }
    return answer;
  });
}
