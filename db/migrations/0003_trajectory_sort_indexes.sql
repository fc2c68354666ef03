CREATE INDEX `trajectories_run_reward` ON `trajectories` (`run_pk`,`reward`,`id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_num_steps` ON `trajectories` (`run_pk`,`num_steps`,`id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_tokens` ON `trajectories` (`run_pk`,`tokens`,`id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_duration` ON `trajectories` (`run_pk`,`duration_ms`,`id`);--> statement-breakpoint
CREATE INDEX `trajectories_run_group` ON `trajectories` (`run_pk`,`group_key`,`step`);