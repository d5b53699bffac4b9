import { z } from "zod";
import { DISPLAY_NAME_MAX, EMAIL_MAX, HANDLE_MAX, HANDLE_PATTERN } from "~/domain/account-fields";
import { safeRedirectPath } from "~/utils/redirect-to";

/** An email address as typed in a form: compared and stored in lower case. */
const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address" }).max(EMAIL_MAX, "Email is too long"));

export const SignUpSchema = z.object({
  email: EmailSchema,
  displayName: z.string().trim().min(1, "Enter your name").max(DISPLAY_NAME_MAX, `Keep your name under ${DISPLAY_NAME_MAX} characters`),
  handle: z
    .string()
    .trim()
    .toLowerCase()
    .regex(HANDLE_PATTERN, "3–24 characters: lowercase letters, digits and _"),
  password: z
    .string()
    .min(10, "Use at least 10 characters")
    .max(200, "Use at most 200 characters"),
});
export type SignUpInput = z.infer<typeof SignUpSchema>;

export const SignInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email").max(EMAIL_MAX),
  password: z.string().min(1, "Enter your password").max(200),
});
export type SignInInput = z.infer<typeof SignInSchema>;

/** Where to go after signing in or up: a plain path on this site, anything else "/" (never an open redirect). */
export const RedirectToSchema = z.unknown().transform(safeRedirectPath);

export const ForgotPasswordSchema = z.object({
  email: EmailSchema,
});

/** A reset link's token: what `requestPasswordReset` mails is 43 base64url characters; anything else is no token. */
export const UserTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);

export const ResetPasswordSchema = z.object({
  token: UserTokenSchema,
  password: SignUpSchema.shape.password,
});
