CREATE TABLE `projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`skills` text NOT NULL,
	`benchmarks` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `projects_name_unique` ON `projects` (`name`);--> statement-breakpoint
CREATE TABLE `run_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `run_groups_project_name` ON `run_groups` (`project_id`,`name`);--> statement-breakpoint
CREATE TABLE `ingest_batches` (
	`run_pk` integer NOT NULL,
	`batch_id` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`run_pk`, `batch_id`),
	FOREIGN KEY (`run_pk`) REFERENCES `runs`(`pk`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`project_id` integer NOT NULL,
	`group_id` integer,
	`name` text NOT NULL,
	`recipe` text,
	`config` text NOT NULL,
	`status` text NOT NULL,
	`pool` text,
	`worker_id` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`ended_at` integer,
	`updated_at` integer NOT NULL,
	`exit_code` integer,
	`error` text,
	`tags` text NOT NULL,
	`notes` text,
	`git_commit` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `run_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runs_id_unique` ON `runs` (`id`);--> statement-breakpoint
CREATE INDEX `runs_project_created` ON `runs` (`project_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `runs_group` ON `runs` (`group_id`);--> statement-breakpoint
CREATE INDEX `runs_status` ON `runs` (`status`);--> statement-breakpoint
CREATE TABLE `metric_chunks` (
	`run_pk` integer NOT NULL,
	`key_id` integer NOT NULL,
	`chunk` integer NOT NULL,
	`count` integer NOT NULL,
	`sum` real NOT NULL,
	`min` real NOT NULL,
	`max` real NOT NULL,
	`last_step` integer NOT NULL,
	`last_wall_time` real,
	`offsets` blob NOT NULL,
	`values` blob NOT NULL,
	`wall_times` blob,
	PRIMARY KEY(`run_pk`, `key_id`, `chunk`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `metric_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`key` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `metric_keys_project_key` ON `metric_keys` (`project_id`,`key`);--> statement-breakpoint
CREATE TABLE `run_metric_summaries` (
	`run_pk` integer NOT NULL,
	`key_id` integer NOT NULL,
	`count` integer NOT NULL,
	`min_step` integer NOT NULL,
	`max_step` integer NOT NULL,
	`last_value` real NOT NULL,
	`last_wall_time` real,
	PRIMARY KEY(`run_pk`, `key_id`),
	FOREIGN KEY (`run_pk`) REFERENCES `runs`(`pk`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`key_id`) REFERENCES `metric_keys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `run_metric_summaries_key` ON `run_metric_summaries` (`key_id`);--> statement-breakpoint
CREATE TABLE `evals` (
	`run_pk` integer NOT NULL,
	`benchmark` text NOT NULL,
	`step` integer NOT NULL,
	`attempt` integer NOT NULL,
	`score` real NOT NULL,
	`wall_time` real,
	PRIMARY KEY(`run_pk`, `benchmark`, `step`, `attempt`),
	FOREIGN KEY (`run_pk`) REFERENCES `runs`(`pk`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `trajectories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_pk` integer NOT NULL,
	`step` integer NOT NULL,
	`skill` text NOT NULL,
	`task_id` text NOT NULL,
	`group_key` text,
	`sample_index` integer,
	`reward` real NOT NULL,
	`passed` integer NOT NULL,
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
CREATE INDEX `trajectories_run_step` ON `trajectories` (`run_pk`,`step`,`id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_skill_step` ON `trajectories` (`run_pk`,`skill`,`step`,`id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_task` ON `trajectories` (`run_pk`,`task_id`);--> statement-breakpoint
CREATE TABLE `log_chunks` (
	`run_pk` integer NOT NULL,
	`seq` integer NOT NULL,
	`stream` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`run_pk`, `seq`),
	FOREIGN KEY (`run_pk`) REFERENCES `runs`(`pk`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);