import { z } from "zod";
import { SignUpSchema } from "./auth.server";

const currentPassword = (message: string) => z.string().min(1, message).max(200, "Use at most 200 characters");

export const DisplayNameSchema = z.object({ displayName: SignUpSchema.shape.displayName });

export const HandleSchema = z.object({ handle: SignUpSchema.shape.handle });

export const EmailChangeSchema = z.object({
  email: SignUpSchema.shape.email,
  currentPassword: currentPassword("Enter your current password"),
});

export const PasswordChangeSchema = z.object({
  currentPassword: currentPassword("Enter your current password"),
  newPassword: SignUpSchema.shape.password,
});

/** "remove" asks for the member's posts to go too; the service allows it only when the admin's policy does. */
export const AccountDeletionSchema = z.object({
  currentPassword: currentPassword("Enter your password to confirm"),
  posts: z.enum(["keep", "remove"]).default("keep"),
});

/** Which of the profile page's forms was sent. */
export const ProfileIntentSchema = z.enum(["displayName", "handle", "avatar", "removeAvatar"]);
export type ProfileIntent = z.infer<typeof ProfileIntentSchema>;
