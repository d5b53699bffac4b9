import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { MarkdownEditor } from "./markdown-editor";
import { PageForm } from "~/components/common";

interface Props {
  action: string;
  /** What the box starts with: the text of a refused attempt, or a quote to answer. */
  draft: string;
  quote: string;
  error?: string;
  previewHtml: string | null;
  /** The last submission came back refused (errors), so its text stays. */
  refused: boolean;
}

/**
 * The answer box of a thread page. With JavaScript the button is disabled while the answer is
 * on its way, and a posted answer empties the box and its preview, so pressing again cannot
 * post it twice (the server refuses a repeat too, for everyone else).
 */
export function ReplyForm({ action, draft, quote, error, previewHtml, refused, asker = false }: Props & { asker?: boolean }) {
  const navigation = useNavigation();
  const posting = navigation.state !== "idle" && navigation.formData?.get("intent") === "reply";
  const [posted, setPosted] = useState(0);
  const wasPosting = useRef(false);
  useEffect(() => {
    if (posting) wasPosting.current = true;
    else if (wasPosting.current) {
      wasPosting.current = false;
      // A new editor (a new key) starts empty, with no preview left over.
      if (!refused) setPosted((count) => count + 1);
    }
  }, [posting, refused]);
  return (
    <PageForm action={action} className="stack" key={`${quote}:${posted}`}>
      <MarkdownEditor label={asker ? "Your reply" : "Your answer"} defaultValue={draft} error={error} previewHtml={previewHtml} />
      <div>
        <button type="submit" name="intent" value="reply" className="button" disabled={posting}>
          {posting ? "Posting…" : asker ? "Post your reply" : "Post your answer"}
        </button>
      </div>
    </PageForm>
  );
}
