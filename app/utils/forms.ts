import type { z } from "zod";

/** Form fields as an object; repeated fields keep their last value. */
export function formToObject(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string") values[key] = value;
  }
  return values;
}

/** One message per field from a zod error, the first issue winning. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return errors;
}

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * The fields of a form post. A body that is not a form (text/plain, JSON, no Content-Type) is
 * refused with 415 and one that cannot be parsed (multipart without its boundary, say) with 400,
 * as responses the route throws, where `request.formData()` would throw a server error.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.has(type)) {
    throw new Response("Unsupported content type: send this form as application/x-www-form-urlencoded or multipart/form-data.", {
      status: 415,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Accept-Post": [...FORM_TYPES].join(", ") },
    });
  }
  try {
    return await request.formData();
  } catch {
    throw new Response("Bad request: the form's data could not be read.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

/**
 * A typed value to show back in its field, trimmed. One longer than the field takes is dropped
 * (the field's error says why), so a page never repeats a huge value.
 */
export function echoField(value: string | undefined, max: number): string {
  const trimmed = (value ?? "").trim();
  return trimmed.length <= max ? trimmed : "";
}

/**
 * A Markdown draft to show back, cut at the limit: an answer written too long without JavaScript
 * comes back shortened, with an error saying so, instead of lost, and a page never repeats more
 * than the limit.
 */
export function echoDraft(body: string | undefined, max: number): { body: string; error: string | null } {
  const text = body ?? "";
  if (text.length <= max) return { body: text, error: null };
  const n = (count: number) => count.toLocaleString("en");
  return {
    // Never half of a surrogate pair at the cut.
    body: text.slice(0, max).replace(/[\uD800-\uDBFF]$/, ""),
    error: `Keep it under ${n(max)} characters: yours had ${n(text.length)}, so only the first ${n(max)} are kept below.`,
  };
}
