/**
 * How deeply Markdown may nest (quotes, lists and emphasis together). marked recurses once per
 * level and overflows the stack somewhere past a thousand (issue 11: 2,000 `>` answered 500), so
 * deeper text is refused before it is parsed; nothing people write comes near this.
 */
export const MARKDOWN_MAX_NESTING = 32;

export const TOO_DEEPLY_NESTED = `Too deeply nested: keep quotes, lists and emphasis within ${MARKDOWN_MAX_NESTING} levels`;

const QUOTE = /^ {0,3}> ?/;
const LIST_MARKER = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)/;
const THEMATIC_BREAK = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
// As marked reads fences: a backtick fence's info string holds no backtick.
const FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const EMPHASIS_RUN = /([*_~])\1*/g;
const CODE_SPAN = /(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g;
const WHITESPACE = /^\s?$/u;
const PUNCTUATION = /^[\p{P}\p{S}]$/u;

/** An emphasis opener waiting for its closer; `inner` is the depth of what closed inside it. */
interface Opener {
  char: string;
  units: number;
  inner: number;
}

interface Paragraph {
  blockDepth: number;
  openers: Opener[];
  /** How many openers of each character wait, so a closer with none to take looks no further. */
  waiting: Record<string, number>;
  deepest: number;
}

/**
 * The deepest nesting in `markdown`, measured in one pass without parsing: container markers
 * (`>`, list items on one line or nested by indentation) plus, inside a paragraph, emphasis
 * delimiters that open (`**a **a …`) with as many closers after them. Code (fenced or in
 * backticks) does not count. It may overstate odd text slightly, never the nesting marked sees.
 * Counting stops past `limit`, so a hostile text costs no more than an ordinary one.
 */
export function markdownNestingDepth(markdown: string, limit = MARKDOWN_MAX_NESTING): number {
  let deepest = 0;
  const listColumns: number[] = [];
  let fence: string | null = null;
  let paragraph: Paragraph | null = null;
  const endParagraph = () => {
    if (paragraph) deepest = Math.max(deepest, paragraph.blockDepth + paragraph.deepest);
    paragraph = null;
  };

  for (const line of markdown.split(/\r\n|\r|\n/)) {
    if (deepest > limit) return deepest;
    const indent = indentWidth(line);
    if (line.trim() === "") {
      endParagraph();
      continue;
    }
    while (listColumns.length && indent < listColumns.at(-1)!) listColumns.pop();
    let rest = line.slice(line.length - line.trimStart().length);
    let depth = listColumns.length;
    let column = indent;
    let startsBlock = false;
    // Four columns past the container's content is code or paragraph text, never a new container.
    if (!fence && indent < (listColumns.at(-1) ?? 0) + 4) {
      for (let quoted = false; depth <= limit; ) {
        if (THEMATIC_BREAK.test(rest)) break;
        const quote = QUOTE.exec(rest);
        const item = quote ? null : LIST_MARKER.exec(rest);
        const marker = quote ?? item;
        if (!marker) break;
        depth += 1;
        column += marker[0].length;
        rest = rest.slice(marker[0].length);
        if (quote) quoted = true;
        // A list item's content column; later lines indented to it are inside the item.
        else if (!quoted) listColumns.push(column);
        if (item) startsBlock = true;
      }
    } else if (fence) {
      rest = rest.replace(/^(?: {0,3}> ?)+/, "");
    }
    deepest = Math.max(deepest, depth);

    if (fence) {
      if (new RegExp(`^ {0,3}${fence}[${fence[0]}]* *$`).test(rest)) fence = null;
      continue;
    }
    const opening = FENCE_OPEN.exec(rest);
    if (opening || HEADING.test(rest) || THEMATIC_BREAK.test(rest)) {
      endParagraph();
      fence = opening ? opening[1]! : null;
      continue;
    }
    if (startsBlock || !paragraph) {
      endParagraph();
      paragraph = { blockDepth: depth, openers: [], waiting: {}, deepest: 0 };
    }
    paragraph.blockDepth = Math.max(paragraph.blockDepth, depth);
    countDelimiters(paragraph, rest);
  }
  endParagraph();
  return deepest;
}

function indentWidth(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === " ") width += 1;
    else if (char === "\t") width += 4 - (width % 4);
    else break;
  }
  return width;
}

// Emphasis pairs as CommonMark pairs it: a closer takes the nearest opener of its character, and
// the delimiters left between them are plain text. Each delimiter character counts as a level
// (** is two), which overstates strong emphasis and so errs on the safe side.
function countDelimiters(paragraph: Paragraph, line: string): void {
  const text = line.replace(CODE_SPAN, " x ").replace(/\\[\s\S]/g, "x");
  const { openers, waiting } = paragraph;
  for (const run of text.matchAll(EMPHASIS_RUN)) {
    const char = run[1]!;
    let units = run[0].length;
    const before = text[run.index - 1] ?? " ";
    const after = text[run.index + units] ?? " ";
    const leftFlanking = !WHITESPACE.test(after) && (!PUNCTUATION.test(after) || WHITESPACE.test(before) || PUNCTUATION.test(before));
    const rightFlanking = !WHITESPACE.test(before) && (!PUNCTUATION.test(before) || WHITESPACE.test(after) || PUNCTUATION.test(after));
    // An underscore inside a word (snake_case) neither opens nor closes.
    const canOpen = leftFlanking && (char !== "_" || !rightFlanking || PUNCTUATION.test(before));
    const canClose = rightFlanking && (char !== "_" || !leftFlanking || PUNCTUATION.test(after));
    while (canClose && units > 0 && waiting[char]) {
      const index = openers.findLastIndex((opener) => opener.char === char);
      const opener = openers[index]!;
      // Openers after it are left unmatched; what closed inside them is inside it too.
      for (const dropped of openers.splice(index + 1)) {
        opener.inner = Math.max(opener.inner, dropped.inner);
        waiting[dropped.char]! -= 1;
      }
      const matched = Math.min(units, opener.units);
      const depth = opener.inner + matched;
      paragraph.deepest = Math.max(paragraph.deepest, depth);
      units -= matched;
      opener.units -= matched;
      opener.inner = depth;
      if (opener.units === 0) {
        openers.pop();
        waiting[char]! -= 1;
        const outer = openers.at(-1);
        if (outer) outer.inner = Math.max(outer.inner, depth);
      }
    }
    if (canOpen && units > 0) {
      openers.push({ char, units, inner: 0 });
      waiting[char] = (waiting[char] ?? 0) + 1;
    }
  }
}
