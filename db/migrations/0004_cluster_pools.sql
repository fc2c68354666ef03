ALTER TABLE `jobs` ADD `scheduler_id` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `scheduler_state` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `scheduler_reason` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `nodes` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `submitted_at` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `script` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `exit_report` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `cancel_sent_at` integer;