CREATE INDEX `users_role_idx` ON `users` (`role`);--> statement-breakpoint
-- Guest pages show a member's handle, name, avatar, reputation and role; every reply also updates
-- the writer's answer_count and sign-ins their last_seen_at, which must not empty the cache of every
-- page the member appears on (migration 0008 raised the scopes on any update of the row).
DROP TRIGGER `page_versions_users_update`;--> statement-breakpoint
CREATE TRIGGER `page_versions_users_update` AFTER UPDATE OF handle, display_name, role, reputation, avatar_media_id, suspended_until, deleted_at ON users BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('u:' || NEW.id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
  INSERT INTO page_versions (scope, version) VALUES ('lists', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
