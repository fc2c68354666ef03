PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_trajectories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_pk` integer NOT NULL,
	`step` integer NOT NULL,
	`skill` text NOT NULL,
	`task_id` text NOT NULL,
	`group_key` text,
	`sample_index` integer,
	`reward` real NOT NULL,
	`passed` integer,
	`advantage` real,
	`num_steps` integer NOT NULL,
	`tokens` integer,
	`duration_ms` real,
	`blob` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`run_pk`) REFERENCES `runs`(`pk`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_trajectories`("id", "run_pk", "step", "skill", "task_id", "group_key", "sample_index", "reward", "passed", "advantage", "num_steps", "tokens", "duration_ms", "blob", "size_bytes", "created_at") SELECT "id", "run_pk", "step", "skill", "task_id", "group_key", "sample_index", "reward", "passed", "advantage", "num_steps", "tokens", "duration_ms", "blob", "size_bytes", "created_at" FROM `trajectories`;--> statement-breakpoint
DROP TABLE `trajectories`;--> statement-breakpoint
ALTER TABLE `__new_trajectories` RENAME TO `trajectories`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `trajectories_run_step` ON `trajectories` (`run_pk`,`step`,`id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_skill_step` ON `trajectories` (`run_pk`,`skill`,`step`,`id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_task` ON `trajectories` (`run_pk`,`task_id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_reward` ON `trajectories` (`run_pk`,`reward`,`id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_num_steps` ON `trajectories` (`run_pk`,`num_steps`,`id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_tokens` ON `trajectories` (`run_pk`,`tokens`,`id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_duration` ON `trajectories` (`run_pk`,`duration_ms`,`id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_group` ON `trajectories` (`run_pk`,`group_key`,`step`);--> statement-breakpoint
CREATE INDEX `trajectories_run_skill_counts` ON `trajectories` (`run_pk`,`skill`,`step`,`passed`,`reward`);--> statement-breakpoint
CREATE INDEX `trajectories_run_task_step` ON `trajectories` (`run_pk`,`task_id`,`step`,`passed`,`skill`);--> statement-breakpoint
CREATE INDEX `trajectories_blob` ON `trajectories` (`blob`);