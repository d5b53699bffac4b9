-- Guest page cache (issue 14): a counter per scope of what guests see, raised by a trigger on every
-- write that changes it, so that no write path, process or command can forget to invalidate a page.
-- Scopes: 'site' (settings, categories' names: on every page), 'lists' (home, category and widget
-- lists: threads, posts, their authors), 't:<thread id>' (its posts, votes, me-toos) and
-- 'u:<user id>' (name, avatar, reputation and badges, shown beside each of their posts).
-- A category's thread_count alone changes only lists, not 'site' (it rises with every new thread).
CREATE TABLE `page_versions` (
	`scope` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `page_versions_threads_insert` AFTER INSERT ON threads BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('lists', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_threads_update` AFTER UPDATE ON threads BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('t:' || NEW.id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
  INSERT INTO page_versions (scope, version) VALUES ('lists', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_threads_delete` AFTER DELETE ON threads BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('t:' || OLD.id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
  INSERT INTO page_versions (scope, version) VALUES ('lists', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_posts_insert` AFTER INSERT ON posts BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('t:' || NEW.thread_id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
  INSERT INTO page_versions (scope, version) VALUES ('lists', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_posts_update` AFTER UPDATE ON posts BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('t:' || NEW.thread_id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
  INSERT INTO page_versions (scope, version) VALUES ('t:' || OLD.thread_id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
  INSERT INTO page_versions (scope, version) VALUES ('lists', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_posts_delete` AFTER DELETE ON posts BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('t:' || OLD.thread_id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
  INSERT INTO page_versions (scope, version) VALUES ('lists', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_votes_insert` AFTER INSERT ON votes BEGIN
  INSERT INTO page_versions (scope, version) SELECT 't:' || thread_id, 1 FROM posts WHERE id = NEW.post_id ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_votes_delete` AFTER DELETE ON votes BEGIN
  INSERT INTO page_versions (scope, version) SELECT 't:' || thread_id, 1 FROM posts WHERE id = OLD.post_id ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_me_too_insert` AFTER INSERT ON me_too BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('t:' || NEW.thread_id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_me_too_delete` AFTER DELETE ON me_too BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('t:' || OLD.thread_id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_users_update` AFTER UPDATE ON users BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('u:' || NEW.id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
  INSERT INTO page_versions (scope, version) VALUES ('lists', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_users_delete` AFTER DELETE ON users BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('u:' || OLD.id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
  INSERT INTO page_versions (scope, version) VALUES ('lists', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_badges_insert` AFTER INSERT ON badges BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('u:' || NEW.user_id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_badges_update` AFTER UPDATE ON badges BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('u:' || NEW.user_id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_badges_delete` AFTER DELETE ON badges BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('u:' || OLD.user_id, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_categories_insert` AFTER INSERT ON categories BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('site', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
  INSERT INTO page_versions (scope, version) VALUES ('lists', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_categories_update` AFTER UPDATE ON categories BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('lists', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_categories_identity` AFTER UPDATE OF slug, name, description, position, escalate_after_minutes, escalation_enabled, escalation_clock, color, archived_at, created_at ON categories BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('site', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_categories_delete` AFTER DELETE ON categories BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('site', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
  INSERT INTO page_versions (scope, version) VALUES ('lists', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_settings_insert` AFTER INSERT ON settings BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('site', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_settings_update` AFTER UPDATE ON settings BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('site', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_versions_settings_delete` AFTER DELETE ON settings BEGIN
  INSERT INTO page_versions (scope, version) VALUES ('site', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
END;
