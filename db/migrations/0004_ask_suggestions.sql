CREATE TABLE `ask_suggestions` (
	`session_id` text NOT NULL,
	`thread_id` integer NOT NULL,
	`shown_at` integer NOT NULL,
	`opened_at` integer,
	PRIMARY KEY(`session_id`, `thread_id`),
	FOREIGN KEY (`session_id`) REFERENCES `ask_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `ask_sessions` ADD `suggested_at` integer;--> statement-breakpoint
-- Rows from before sessions were issued were created only once something happened in the visit: all keep counting.
UPDATE `ask_sessions` SET `suggested_at` = `started_at`;
