// Post text for the generated community: Markdown from a pool of Zipf-distributed sentences, with
// its HTML built from the same pieces. Calling marked and sanitize-html a million times would take
// most of the three-minute budget; the pieces are plain words, a list, `code` and **bold**, whose
// rendering is fixed, and generateCommunity checks a sample against renderMarkdown.
import { textGenerator } from "./search-corpus";

const TITLE_FORMS = [
  (words: string) => `How do I ${words}?`,
  (words: string) => `${capitalize(words)} not working`,
  (words: string) => `Why is my ${words} so slow?`,
  (words: string) => `Can I ${words} abroad?`,
  (words: string) => `${capitalize(words)} after the update`,
  (words: string) => `Problem with ${words}`,
  (words: string) => `${capitalize(words)}`,
];

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface Body {
  md: string;
  html: string;
}

export function communityText(seed: number) {
  const text = textGenerator(seed);
  const { random } = text;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const sentences = Array.from({ length: 20_000 }, () => {
    const words = text.sentence(int(6, 18));
    return `${capitalize(words)}${random() < 0.15 ? "?" : "."}`;
  });
  const sentence = () => sentences[Math.floor(random() * sentences.length)]!;

  function paragraph(): Body {
    const count = int(1, 3);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) parts.push(sentence());
    let md = parts.join(" ");
    let html = md;
    const roll = random();
    if (roll < 0.08) {
      const word = text.sentence(1);
      md += ` Check \`${word}\` first.`;
      html += ` Check <code>${word}</code> first.`;
    } else if (roll < 0.14) {
      const words = text.sentence(2);
      md += ` It says **${words}** now.`;
      html += ` It says <strong>${words}</strong> now.`;
    }
    return { md, html: `<p>${html}</p>` };
  }

  function list(): Body {
    const items = Array.from({ length: int(2, 4) }, () => capitalize(text.sentence(int(3, 7))));
    return {
      md: items.map((item) => `- ${item}`).join("\n"),
      html: `<ul>\n${items.map((item) => `<li>${item}</li>`).join("\n")}\n</ul>`,
    };
  }

  function body(minBlocks: number, maxBlocks: number): Body {
    const blocks: Body[] = [];
    const count = int(minBlocks, maxBlocks);
    // Two lists in a row would be one loose list in Markdown: a paragraph always comes between.
    let afterList = true;
    for (let i = 0; i < count; i++) {
      const isList: boolean = !afterList && random() < 0.1;
      blocks.push(isList ? list() : paragraph());
      afterList = isList;
    }
    return { md: blocks.map((b) => b.md).join("\n\n"), html: `${blocks.map((b) => b.html).join("\n")}\n` };
  }

  return {
    random,
    int,
    words: text.words,
    title(): string {
      const form = TITLE_FORMS[Math.floor(random() * TITLE_FORMS.length)]!;
      return form(text.sentence(int(3, 6)));
    },
    question: () => body(2, 5),
    reply: () => (random() < 0.2 ? body(1, 1) : body(1, 3)),
  };
}
