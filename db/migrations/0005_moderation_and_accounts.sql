CREATE TABLE `handle_history` (
	`handle` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`changed_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `media` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`content_type` text NOT NULL,
	`data` blob NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`owner_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`purpose` text NOT NULL,
	`email` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `user_tokens_user_idx` ON `user_tokens` (`user_id`,`purpose`);--> statement-breakpoint
ALTER TABLE `categories` ADD `color` text;--> statement-breakpoint
ALTER TABLE `categories` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `flags` ADD `note` text;--> statement-breakpoint
ALTER TABLE `flags` ADD `resolution` text;--> statement-breakpoint
CREATE INDEX `flags_open_idx` ON `flags` (`created_at`) WHERE reviewed_at IS NULL;--> statement-breakpoint
ALTER TABLE `moderation_log` ADD `details` text;--> statement-breakpoint
CREATE INDEX `moderation_log_actor_idx` ON `moderation_log` (`actor_id`,`id`);--> statement-breakpoint
CREATE INDEX `moderation_log_action_idx` ON `moderation_log` (`action`,`id`);--> statement-breakpoint
CREATE INDEX `moderation_log_target_user_idx` ON `moderation_log` (`target_user_id`,`id`);--> statement-breakpoint
CREATE INDEX `moderation_log_thread_idx` ON `moderation_log` (`thread_id`,`id`);--> statement-breakpoint
ALTER TABLE `post_revisions` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `hidden_reason` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `hidden_by` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `deleted_by` text;--> statement-breakpoint
ALTER TABLE `threads` ADD `lock_reason` text;--> statement-breakpoint
ALTER TABLE `threads` ADD `duplicate_of_id` integer;--> statement-breakpoint
ALTER TABLE `threads` ADD `merged_into_id` integer;--> statement-breakpoint
CREATE INDEX `threads_pinned_idx` ON `threads` (`category_id`,`last_activity_at`) WHERE pinned = 1;--> statement-breakpoint
ALTER TABLE `users` ADD `suspension_reason` text;--> statement-breakpoint
ALTER TABLE `users` ADD `suspended_by` text;--> statement-breakpoint
ALTER TABLE `users` ADD `email_on_answer` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `email_on_accepted` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `email_on_staff_answer` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `email_delivery` text DEFAULT 'instant' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `last_digest_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `email_verified_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `avatar_media_id` text;--> statement-breakpoint
ALTER TABLE `users` ADD `last_seen_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `deleted_at` integer;
--> statement-breakpoint
-- The audit log is append-only: no code path may change or remove what a moderator did.
CREATE TRIGGER `moderation_log_no_update` BEFORE UPDATE ON `moderation_log`
BEGIN SELECT RAISE(ABORT, 'moderation_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `moderation_log_no_delete` BEFORE DELETE ON `moderation_log`
BEGIN SELECT RAISE(ABORT, 'moderation_log is append-only'); END;
--> statement-breakpoint
-- Accounts made before email verification existed count as verified.
UPDATE `users` SET `email_verified_at` = `created_at` WHERE `email_verified_at` IS NULL;
