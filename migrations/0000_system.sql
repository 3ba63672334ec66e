CREATE TABLE `installation` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`hilum_version` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`job` text NOT NULL,
	`status` text NOT NULL,
	`params_json` text NOT NULL,
	`result_json` text,
	`error_code` text,
	`error_message` text,
	`started_at` text NOT NULL,
	`finished_at` text,
	`duration_ms` integer
);
