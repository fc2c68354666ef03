-- metric_tails: small appends waiting to be folded into their metric_chunks row (see db/schema/metrics.ts).
CREATE TABLE `metric_tails` (
	`run_pk` integer NOT NULL,
	`key_id` integer NOT NULL,
	`chunk` integer NOT NULL,
	`first_step` integer NOT NULL,
	`count` integer NOT NULL,
	`sum` real NOT NULL,
	`min` real NOT NULL,
	`max` real NOT NULL,
	`last_step` integer NOT NULL,
	`last_wall_time` real,
	`offsets` blob NOT NULL,
	`values` blob NOT NULL,
	`wall_times` blob,
	PRIMARY KEY(`run_pk`, `key_id`, `chunk`, `first_step`)
) WITHOUT ROWID;
