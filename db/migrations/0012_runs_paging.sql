CREATE TABLE `run_tags` (
	`run_pk` integer NOT NULL,
	`project_id` integer NOT NULL,
	`tag` text NOT NULL,
	`deleted` integer NOT NULL,
	PRIMARY KEY(`run_pk`, `tag`),
	FOREIGN KEY (`run_pk`) REFERENCES `runs`(`pk`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `run_tags_scope` ON `run_tags` (`project_id`,`deleted`,`tag`);--> statement-breakpoint
CREATE INDEX `run_tags_tag` ON `run_tags` (`tag`,`deleted`,`run_pk`);--> statement-breakpoint
DROP INDEX `runs_project_created`;--> statement-breakpoint
DROP INDEX `runs_group`;--> statement-breakpoint
DROP INDEX `runs_status`;--> statement-breakpoint
CREATE INDEX `runs_scope_created` ON `runs` (`project_id`,`deleted_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `runs_live_created` ON `runs` (`deleted_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `runs_scope_name` ON `runs` (`project_id`,`deleted_at`,"name" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `runs_live_name` ON `runs` (`deleted_at`,"name" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `runs_scope_status` ON `runs` (`project_id`,`deleted_at`,`status`);--> statement-breakpoint
CREATE INDEX `runs_scope_duration` ON `runs` (`project_id`,`deleted_at`,`started_at`,`ended_at`,`status`);--> statement-breakpoint
CREATE INDEX `runs_scope_group` ON `runs` (`project_id`,`deleted_at`,`group_id`);--> statement-breakpoint
CREATE INDEX `runs_group_live` ON `runs` (`group_id`,`deleted_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `runs_updated` ON `runs` (`updated_at`);--> statement-breakpoint
CREATE INDEX `runs_status` ON `runs` (`status`,`deleted_at`);--> statement-breakpoint
DROP INDEX `run_metric_summaries_key`;--> statement-breakpoint
CREATE INDEX `run_metric_summaries_key_value` ON `run_metric_summaries` (`key_id`,`last_value`,`run_pk`);--> statement-breakpoint
CREATE INDEX `run_groups_name_nocase` ON `run_groups` ("name" COLLATE NOCASE,`project_id`);--> statement-breakpoint
-- run_tags is derived from runs.tags: kept in step by these triggers whichever door writes a run.
CREATE TRIGGER `run_tags_after_insert` AFTER INSERT ON `runs` BEGIN
	INSERT OR IGNORE INTO `run_tags` (`run_pk`, `project_id`, `tag`, `deleted`)
	SELECT NEW.`pk`, NEW.`project_id`, `value`, NEW.`deleted_at` IS NOT NULL FROM json_each(NEW.`tags`) WHERE type = 'text';
END;--> statement-breakpoint
CREATE TRIGGER `run_tags_after_update` AFTER UPDATE OF `tags`, `project_id`, `deleted_at` ON `runs` BEGIN
	DELETE FROM `run_tags` WHERE `run_pk` = OLD.`pk`;
	INSERT OR IGNORE INTO `run_tags` (`run_pk`, `project_id`, `tag`, `deleted`)
	SELECT NEW.`pk`, NEW.`project_id`, `value`, NEW.`deleted_at` IS NOT NULL FROM json_each(NEW.`tags`) WHERE type = 'text';
END;--> statement-breakpoint
CREATE TRIGGER `run_tags_after_delete` AFTER DELETE ON `runs` BEGIN
	DELETE FROM `run_tags` WHERE `run_pk` = OLD.`pk`;
END;--> statement-breakpoint
INSERT OR IGNORE INTO `run_tags` (`run_pk`, `project_id`, `tag`, `deleted`)
SELECT r.`pk`, r.`project_id`, j.`value`, r.`deleted_at` IS NOT NULL FROM `runs` r, json_each(r.`tags`) j WHERE j.type = 'text';
--> statement-breakpoint
-- run_search: a trigram index over each run's name and id (rowid = runs.pk) for the runs table's search box.
CREATE VIRTUAL TABLE `run_search` USING fts5(`text`, tokenize = 'trigram');--> statement-breakpoint
CREATE TRIGGER `run_search_after_insert` AFTER INSERT ON `runs` BEGIN
	INSERT INTO `run_search` (`rowid`, `text`) VALUES (NEW.`pk`, NEW.`name` || char(10) || NEW.`id`);
END;--> statement-breakpoint
CREATE TRIGGER `run_search_after_update` AFTER UPDATE OF `name`, `id` ON `runs` BEGIN
	UPDATE `run_search` SET `text` = NEW.`name` || char(10) || NEW.`id` WHERE `rowid` = OLD.`pk`;
END;--> statement-breakpoint
CREATE TRIGGER `run_search_after_delete` AFTER DELETE ON `runs` BEGIN
	DELETE FROM `run_search` WHERE `rowid` = OLD.`pk`;
END;--> statement-breakpoint
INSERT INTO `run_search` (`rowid`, `text`) SELECT `pk`, `name` || char(10) || `id` FROM `runs`;
