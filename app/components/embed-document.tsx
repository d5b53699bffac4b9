/** Routes that set `handle = { embed: true }` render inside the widget's bare document. */
export const EMBED_HANDLE = { embed: true };

export interface EmbedDocumentData {
  lang: string;
  accent: string;
  accentText: string;
  link: string;
  scriptSrc: string;
}
