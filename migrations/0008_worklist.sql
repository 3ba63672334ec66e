CREATE TABLE `adjudication_cases` (
	`id` text PRIMARY KEY NOT NULL,
	`study_id` text NOT NULL,
	`input_sha256` text NOT NULL,
	`bundle_hash` text NOT NULL,
	`reason` text NOT NULL,
	`disagreements_json` text NOT NULL,
	`reading_ids_json` text NOT NULL,
	`opened_at` text NOT NULL,
	`status` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text,
	`final_label_set_id` text
);
--> statement-breakpoint
CREATE INDEX `adjudication_cases_input_idx` ON `adjudication_cases` (`input_sha256`,`bundle_hash`);--> statement-breakpoint
CREATE TABLE `worklist_study_states` (
	`study_id` text NOT NULL,
	`bundle_hash` text NOT NULL,
	`username` text NOT NULL,
	`input_sha256` text NOT NULL,
	`opened_at` text NOT NULL,
	`draft_labels_json` text,
	`draft_comment` text,
	`draft_updated_at` text,
	PRIMARY KEY(`study_id`, `bundle_hash`, `username`)
);
