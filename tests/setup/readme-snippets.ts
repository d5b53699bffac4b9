import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, TMP } from "./paths";

export type VerifyPeerdeskSignature = (secret: string, rawBody: string | Buffer, header: string | undefined, nowSeconds?: number) => boolean;

/**
 * The webhook verification code exactly as the README gives it to receivers, loaded as a module,
 * so a test of real deliveries fails if the README's advice stops matching what we send.
 */
export async function loadReadmeSignatureVerifier(): Promise<VerifyPeerdeskSignature> {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const block = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!).find((code) => code.includes("verifyPeerdeskSignature"));
  if (!block) throw new Error("README.md has no js block defining verifyPeerdeskSignature");
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `readme-verify-${process.pid}-${Date.now()}.mjs`);
  // The README indents the block inside a list item.
  fs.writeFileSync(file, block.replace(/^ {2}/gm, ""));
  const module = (await import(pathToFileURL(file).href)) as { verifyPeerdeskSignature: VerifyPeerdeskSignature };
  return module.verifyPeerdeskSignature;
}
