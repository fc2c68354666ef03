CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`api_key_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`api_key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
