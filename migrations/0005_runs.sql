CREATE TABLE `model_comparisons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`a_hash` text NOT NULL,
	`a_ref` text NOT NULL,
	`b_hash` text NOT NULL,
	`b_ref` text NOT NULL,
	`dataset_name` text NOT NULL,
	`split` text NOT NULL,
	`result_json` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `run_bundles` (
	`bundle_hash` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`bundle_dir` text NOT NULL,
	`weights` text NOT NULL,
	`options_json` text NOT NULL,
	`model_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `training_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `run_bundles_run_idx` ON `run_bundles` (`run_id`);--> statement-breakpoint
CREATE TABLE `training_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`dataset_name` text NOT NULL,
	`dataset_content_hash` text NOT NULL,
	`split_seed` integer,
	`config_hash` text NOT NULL,
	`config_json` text NOT NULL,
	`preprocessing_json` text NOT NULL,
	`code_version` text NOT NULL,
	`backend` text,
	`run_dir` text NOT NULL,
	`status` text NOT NULL,
	`result_json` text,
	`error_code` text,
	`error_message` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`finished_at` text
);
--> statement-breakpoint
CREATE INDEX `training_runs_dataset_idx` ON `training_runs` (`dataset_name`);