import { z } from "zod";
import { BODY_MAX, THREAD_FILTERS, THREAD_KINDS, TITLE_MAX, type ThreadListQuery } from "~/domain/threads";
import { MARKDOWN_MAX_NESTING, markdownNestingDepth, TOO_DEEPLY_NESTED } from "~/utils/markdown-nesting";

export const TitleSchema = z
  .string()
  // A title is one line: control characters (a pasted tab or line break, or bytes XML cannot
  // carry) become spaces, and the noncharacters U+FFFE and U+FFFF go.
  .overwrite((title) => title.replace(/\p{Cc}/gu, " ").replace(/[\uFFFE\uFFFF]/g, ""))
  .trim()
  .min(1, "Enter a title")
  .max(TITLE_MAX, `Keep the title under ${TITLE_MAX} characters`);

/** Markdown that may be rendered: not too long, and not nested so deep that the parser overflows. */
export const MarkdownSchema = z
  .string()
  .refine((body) => body.length <= BODY_MAX, { message: `Keep it under ${BODY_MAX.toLocaleString("en")} characters`, abort: true })
  .refine((body) => markdownNestingDepth(body) <= MARKDOWN_MAX_NESTING, TOO_DEEPLY_NESTED);

export const BodySchema = z
  .string()
  .refine((body) => body.trim().length > 0, { message: "Write something first", abort: true })
  .pipe(MarkdownSchema);

export const ThreadKindSchema = z.enum(THREAD_KINDS, { message: "Pick a kind" });

export const CreateThreadSchema = z.object({
  category: z.string().trim().min(1, "Pick a category"),
  kind: ThreadKindSchema,
  title: TitleSchema,
  body: BodySchema,
});
export type CreateThreadInput = z.infer<typeof CreateThreadSchema>;

export const ReplySchema = z.object({ body: BodySchema });

export const EditPostSchema = z.object({ body: BodySchema, title: TitleSchema.optional() });
export type EditPostInput = z.infer<typeof EditPostSchema>;

const id = z.coerce.number().int().positive();

/** A thread named in a moderator's form: its number, "#123", or its address (/t/123/slug or a full URL). */
export const ThreadRefSchema = z
  .string()
  .trim()
  .transform((ref) => /^(?:#?(\d+)|(?:https?:\/\/[^/]+)?\/t\/(\d+)(?:[/?#].*)?)$/.exec(ref))
  .refine((match) => match !== null, { message: "Give the thread's number or address, like 123 or /t/123", abort: true })
  .transform((match) => Number(match![1] ?? match![2]))
  .refine((n) => Number.isSafeInteger(n) && n > 0, "Give the thread's number or address, like 123 or /t/123");

/** Everything a thread page's single action can be asked to do. */
export const ThreadIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("reply"), body: z.string(), quote: id.optional() }),
  z.object({ intent: z.literal("preview"), body: z.string() }),
  z.object({ intent: z.literal("vote"), postId: id }),
  z.object({ intent: z.literal("unvote"), postId: id }),
  z.object({ intent: z.literal("metoo") }),
  z.object({ intent: z.literal("unmetoo") }),
  z.object({ intent: z.literal("accept"), postId: id }),
  z.object({ intent: z.literal("unaccept") }),
  z.object({ intent: z.literal("delete"), postId: id }),
  z.object({ intent: z.literal("follow") }),
  z.object({ intent: z.literal("unfollow") }),
  // Moderation (issue 12): the services parse the reasons and notes, so they answer field errors.
  z.object({ intent: z.literal("flag"), postId: id, reason: z.string().optional(), note: z.string().optional() }),
  z.object({ intent: z.literal("hide"), postId: id }),
  z.object({ intent: z.literal("unhide"), postId: id }),
  z.object({ intent: z.literal("lock"), reason: z.string().optional() }),
  z.object({ intent: z.literal("unlock") }),
  z.object({ intent: z.literal("pin") }),
  z.object({ intent: z.literal("unpin") }),
  z.object({ intent: z.literal("move"), categoryId: id }),
  z.object({ intent: z.literal("restore"), postId: id }),
  z.object({ intent: z.literal("duplicate"), targetThreadId: z.string().optional() }),
  z.object({ intent: z.literal("reopen") }),
  z.object({ intent: z.literal("merge"), targetThreadId: z.string().optional() }),
]);
export type ThreadIntent = z.infer<typeof ThreadIntentSchema>;

/** A thread page's `?page=`: anything but a positive whole number reads as the first page. */
export const ThreadPageQuerySchema = z.object({ page: z.coerce.number().int().positive().catch(1) });

/** The query of a thread listing; anything unknown falls back to the default. */
export const ThreadListQuerySchema = z.object({
  filter: z.enum(THREAD_FILTERS).catch("latest").default("latest"),
  kind: z.enum(THREAD_KINDS).optional().catch(undefined),
  after: z.string().regex(/^\d+:\d+$/).optional().catch(undefined),
});
export type { ThreadListQuery };
