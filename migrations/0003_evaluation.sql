CREATE TABLE `evaluation_outputs` (
	`evaluation_id` integer NOT NULL,
	`image_id` integer,
	`role` text NOT NULL,
	`source` text,
	`logits_json` text NOT NULL,
	`features` blob NOT NULL,
	FOREIGN KEY (`evaluation_id`) REFERENCES `evaluations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `evaluation_outputs_eval_idx` ON `evaluation_outputs` (`evaluation_id`);--> statement-breakpoint
CREATE TABLE `evaluations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_kind` text NOT NULL,
	`model_ref` text NOT NULL,
	`model_hash` text NOT NULL,
	`dataset_name` text NOT NULL,
	`split` text NOT NULL,
	`image_count` integer NOT NULL,
	`label_names_json` text NOT NULL,
	`feature_width` integer NOT NULL,
	`report_json` text NOT NULL,
	`report_dir` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `evaluations_model_hash_idx` ON `evaluations` (`model_hash`);