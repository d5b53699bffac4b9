import { SaxesParser } from "saxes";

export interface XmlElement {
  /** The local name (namespace prefix dropped). */
  name: string;
  namespace: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** All text inside, as a reader gets it (entities and character references resolved). */
  text: string;
  /** The first descendant called `name`. */
  find(name: string): XmlElement | undefined;
  /** Every descendant called `name`, in document order. */
  findAll(name: string): XmlElement[];
}

/**
 * Parses XML with a conforming, namespace-aware XML 1.0 parser and throws on anything that is
 * not well-formed (an unescaped `<`, a stray `]]>`, a character XML forbids, a second root…).
 */
export function parseXml(source: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on("error", (error) => {
    throw error;
  });
  parser.on("opentag", (tag) => {
    const element = makeElement(
      tag.local ?? tag.name,
      tag.uri ?? "",
      Object.fromEntries(Object.values(tag.attributes).map((attribute) => [attribute.name, attribute.value])),
    );
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  const addText = (text: string) => {
    for (const element of stack) element.text += text;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", () => void stack.pop());
  parser.write(source).close();
  if (!root) throw new Error("No root element");
  return root;
}

function makeElement(name: string, namespace: string, attributes: Record<string, string>): XmlElement {
  const element: XmlElement = {
    name,
    namespace,
    attributes,
    children: [],
    text: "",
    find: (wanted) => element.findAll(wanted)[0],
    findAll: (wanted) => element.children.flatMap((child) => [...(child.name === wanted ? [child] : []), ...child.findAll(wanted)]),
  };
  return element;
}
