CREATE TABLE `expert_label_sets` (
	`id` text PRIMARY KEY NOT NULL,
	`study_id` text NOT NULL,
	`input_sha256` text NOT NULL,
	`bundle_hash` text NOT NULL,
	`reader_user_id` text NOT NULL,
	`reader_username` text NOT NULL,
	`reader_printed_name` text NOT NULL,
	`reader_role` text NOT NULL,
	`adjudicated_at` text NOT NULL,
	`labels_json` text NOT NULL,
	`comment` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `expert_label_sets_input_idx` ON `expert_label_sets` (`input_sha256`);--> statement-breakpoint
CREATE INDEX `expert_label_sets_study_idx` ON `expert_label_sets` (`study_id`);