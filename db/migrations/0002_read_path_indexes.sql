CREATE INDEX `threads_created_levels_idx` ON `threads` (`created_at`,`hidden`,`first_response_at`,`first_response_by_staff`,`escalated_at`);--> statement-breakpoint
CREATE INDEX `threads_popular_idx` ON `threads` (`status`,`vote_count`,`me_too_count`,`reply_count`);--> statement-breakpoint
CREATE INDEX `threads_category_popular_idx` ON `threads` (`category_id`,`status`,`vote_count`,`me_too_count`,`reply_count`);--> statement-breakpoint
CREATE INDEX `threads_category_idx` ON `threads` (`category_id`);--> statement-breakpoint
CREATE INDEX `threads_accepted_post_idx` ON `threads` (`accepted_post_id`);--> statement-breakpoint
CREATE INDEX `threads_escalated_idx` ON `threads` (`escalated_at`) WHERE escalated_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `threads_escalation_resolved_idx` ON `threads` (`escalation_resolved_at`) WHERE escalation_resolved_at IS NOT NULL;