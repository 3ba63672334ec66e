CREATE TABLE `dataset_images` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`source_path` text NOT NULL,
	`content_hash` text NOT NULL,
	`cache_key` text NOT NULL,
	`kind` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`source_width` integer NOT NULL,
	`source_height` integer NOT NULL,
	`patient_pseudonym` text,
	`study_pseudonym` text,
	`sex` text,
	`age_years` real,
	`view` text,
	`site_pseudonym` text,
	`modality` text,
	`manufacturer` text,
	`manufacturer_model` text,
	`portable` integer,
	`photometric` text,
	`transfer_syntax_uid` text,
	`burned_in_flagged` integer,
	`source_split` text,
	`split` text,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dataset_images_path_idx` ON `dataset_images` (`dataset_id`,`source_path`);--> statement-breakpoint
CREATE INDEX `dataset_images_patient_idx` ON `dataset_images` (`dataset_id`,`patient_pseudonym`);--> statement-breakpoint
CREATE INDEX `dataset_images_hash_idx` ON `dataset_images` (`content_hash`);--> statement-breakpoint
CREATE TABLE `dataset_labels` (
	`image_id` integer NOT NULL,
	`label` text NOT NULL,
	`state` integer,
	PRIMARY KEY(`image_id`, `label`),
	FOREIGN KEY (`image_id`) REFERENCES `dataset_images`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `dataset_quarantine` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`source_path` text NOT NULL,
	`code` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dataset_quarantine_dataset_idx` ON `dataset_quarantine` (`dataset_id`);--> statement-breakpoint
CREATE TABLE `datasets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`format` text NOT NULL,
	`root_path` text NOT NULL,
	`status` text NOT NULL,
	`label_names_json` text NOT NULL,
	`image_size` integer NOT NULL,
	`aspect` text NOT NULL,
	`preprocessing_version` text NOT NULL,
	`imported_count` integer DEFAULT 0 NOT NULL,
	`quarantined_count` integer DEFAULT 0 NOT NULL,
	`import_report_json` text,
	`external_of_dataset_id` integer,
	`split_seed` integer,
	`split_fractions_json` text,
	`leakage_report_json` text,
	`split_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `datasets_name_unique` ON `datasets` (`name`);