CREATE TABLE `audit_checkpoints` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`at` text NOT NULL,
	`key_id` text NOT NULL,
	`signature` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`record_type` text NOT NULL,
	`record_id` text NOT NULL,
	`before_hash` text,
	`after_hash` text,
	`payload_json` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `change_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`predecessor_id` text NOT NULL,
	`reason` text NOT NULL,
	`risk_assessment` text NOT NULL,
	`what_changed` text NOT NULL,
	`diff_json` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`predecessor_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `gate_evaluations` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`gates_name` text NOT NULL,
	`gates_json` text NOT NULL,
	`gates_hash` text NOT NULL,
	`metrics_hash` text NOT NULL,
	`passed` integer NOT NULL,
	`results_json` text NOT NULL,
	`evaluated_by` text NOT NULL,
	`evaluated_at` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `gate_evaluations_model` ON `gate_evaluations` (`model_id`);--> statement-breakpoint
CREATE TABLE `installation_keys` (
	`key_id` text PRIMARY KEY NOT NULL,
	`algorithm` text NOT NULL,
	`public_key_pem` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `model_locks` (
	`model_id` text PRIMARY KEY NOT NULL,
	`locked_by` text NOT NULL,
	`locked_at` text NOT NULL,
	`bundle_hash` text NOT NULL,
	`metrics_hash` text NOT NULL,
	`gate_evaluation_id` text NOT NULL,
	`signature_ids_json` text NOT NULL,
	`change_request_id` text,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `model_metrics` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`dataset` text NOT NULL,
	`kind` text NOT NULL,
	`json` text NOT NULL,
	`sha256` text NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `model_metrics_model_dataset_kind` ON `model_metrics` (`model_id`,`dataset`,`kind`);--> statement-breakpoint
CREATE TABLE `models` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`version` text NOT NULL,
	`predecessor_id` text,
	`bundle_path` text NOT NULL,
	`bundle_hash` text NOT NULL,
	`created_by` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_name_version` ON `models` (`name`,`version`);--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`user_id` text NOT NULL,
	`printed_name` text NOT NULL,
	`role` text NOT NULL,
	`meaning` text NOT NULL,
	`signed_at` text NOT NULL,
	`record_hash` text NOT NULL,
	`bundle_hash` text NOT NULL,
	`metrics_hash` text NOT NULL,
	`comment` text,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signatures_model` ON `signatures` (`model_id`);--> statement-breakpoint
CREATE TABLE `threshold_revalidations` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`thresholds_hash` text NOT NULL,
	`note` text NOT NULL,
	`revalidated_by` text NOT NULL,
	`revalidated_at` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`full_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`disabled_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
-- Hand-added triggers (allowed by docs/CONVENTIONS.md): the audit trail, its checkpoints, signatures,
-- locks, gate evaluations and change requests are append-only; a locked or retired model's
-- identity and metrics cannot change.
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events` BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events` BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_checkpoints_no_update` BEFORE UPDATE ON `audit_checkpoints` BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_checkpoints_no_delete` BEFORE DELETE ON `audit_checkpoints` BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `signatures_no_update` BEFORE UPDATE ON `signatures` BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `signatures_no_delete` BEFORE DELETE ON `signatures` BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `signatures_locked_model` BEFORE INSERT ON `signatures`
  WHEN (SELECT `status` FROM `models` WHERE `id` = NEW.`model_id`) IN ('locked', 'retired') AND NEW.`meaning` NOT IN ('rejected', 'retired')
  BEGIN SELECT RAISE(ABORT, 'model is locked: only rejected or retired signatures may be added'); END;
--> statement-breakpoint
CREATE TRIGGER `model_locks_no_update` BEFORE UPDATE ON `model_locks` BEGIN SELECT RAISE(ABORT, 'model_locks is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `model_locks_no_delete` BEFORE DELETE ON `model_locks` BEGIN SELECT RAISE(ABORT, 'model_locks is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `gate_evaluations_no_update` BEFORE UPDATE ON `gate_evaluations` BEGIN SELECT RAISE(ABORT, 'gate_evaluations is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `gate_evaluations_no_delete` BEFORE DELETE ON `gate_evaluations` BEGIN SELECT RAISE(ABORT, 'gate_evaluations is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `change_requests_no_update` BEFORE UPDATE ON `change_requests` BEGIN SELECT RAISE(ABORT, 'change_requests is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `change_requests_no_delete` BEFORE DELETE ON `change_requests` BEGIN SELECT RAISE(ABORT, 'change_requests is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `models_locked_no_update` BEFORE UPDATE ON `models`
  WHEN OLD.`status` <> 'draft' AND (NEW.`bundle_hash` IS NOT OLD.`bundle_hash` OR NEW.`bundle_path` IS NOT OLD.`bundle_path`
    OR NEW.`name` IS NOT OLD.`name` OR NEW.`version` IS NOT OLD.`version` OR NEW.`predecessor_id` IS NOT OLD.`predecessor_id`
    OR NEW.`id` IS NOT OLD.`id` OR NOT (OLD.`status` = 'locked' AND NEW.`status` IN ('locked', 'retired')))
  BEGIN SELECT RAISE(ABORT, 'model is locked: it cannot be changed (only retired)'); END;
--> statement-breakpoint
CREATE TRIGGER `models_locked_no_delete` BEFORE DELETE ON `models` WHEN OLD.`status` <> 'draft'
  BEGIN SELECT RAISE(ABORT, 'model is locked: it cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `model_metrics_locked_no_insert` BEFORE INSERT ON `model_metrics`
  WHEN (SELECT `status` FROM `models` WHERE `id` = NEW.`model_id`) <> 'draft'
  BEGIN SELECT RAISE(ABORT, 'model is locked: its metrics cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `model_metrics_locked_no_update` BEFORE UPDATE ON `model_metrics`
  WHEN (SELECT `status` FROM `models` WHERE `id` = OLD.`model_id`) <> 'draft'
  BEGIN SELECT RAISE(ABORT, 'model is locked: its metrics cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `model_metrics_locked_no_delete` BEFORE DELETE ON `model_metrics`
  WHEN (SELECT `status` FROM `models` WHERE `id` = OLD.`model_id`) <> 'draft'
  BEGIN SELECT RAISE(ABORT, 'model is locked: its metrics cannot change'); END;
