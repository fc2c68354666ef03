CREATE TABLE `jobs` (
	`run_pk` integer PRIMARY KEY NOT NULL,
	`pool` text NOT NULL,
	`state` text NOT NULL,
	`argv` text NOT NULL,
	`env` text NOT NULL,
	`cwd` text,
	`resources` text NOT NULL,
	`lease_owner` text,
	`lease_token` text,
	`lease_expires_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 1 NOT NULL,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`enqueued_at` integer NOT NULL,
	FOREIGN KEY (`run_pk`) REFERENCES `runs`(`pk`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `jobs_pool_state_enqueued` ON `jobs` (`pool`,`state`,`enqueued_at`);--> statement-breakpoint
CREATE INDEX `jobs_state_expiry` ON `jobs` (`state`,`lease_expires_at`);--> statement-breakpoint
CREATE TABLE `run_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_pk` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`run_pk`) REFERENCES `runs`(`pk`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `run_events_run` ON `run_events` (`run_pk`,`at`);--> statement-breakpoint
CREATE TABLE `workers` (
	`id` text PRIMARY KEY NOT NULL,
	`host` text NOT NULL,
	`pool` text NOT NULL,
	`labels` text NOT NULL,
	`gpus` text NOT NULL,
	`max_jobs` integer NOT NULL,
	`state` text NOT NULL,
	`started_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
