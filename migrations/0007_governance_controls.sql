CREATE TABLE `audit_heads` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`at` text NOT NULL,
	`key_fingerprint` text NOT NULL,
	`public_key_pem` text NOT NULL,
	`signature` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `gate_specs` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`version` integer NOT NULL,
	`spec_json` text NOT NULL,
	`spec_hash` text NOT NULL,
	`registered_by` text NOT NULL,
	`registered_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gate_specs_name_version` ON `gate_specs` (`name`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `gate_specs_hash` ON `gate_specs` (`spec_hash`);--> statement-breakpoint
CREATE TABLE `installation_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`set_by` text NOT NULL,
	`set_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `login_failures` (
	`username` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_failed_at` text NOT NULL,
	`locked_until` text
);
--> statement-breakpoint
CREATE TABLE `record_signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`record_type` text NOT NULL,
	`record_id` text NOT NULL,
	`record_hash` text NOT NULL,
	`user_id` text NOT NULL,
	`printed_name` text NOT NULL,
	`role` text NOT NULL,
	`meaning` text NOT NULL,
	`statement` text NOT NULL,
	`signed_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `release_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`policy_json` text NOT NULL,
	`policy_hash` text NOT NULL,
	`gate_spec_id` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`gate_spec_id`) REFERENCES `gate_specs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `gate_evaluations` ADD `gate_spec_id` text;--> statement-breakpoint
ALTER TABLE `gate_evaluations` ADD `bundle_hash` text;--> statement-breakpoint
ALTER TABLE `models` ADD `release_policy_id` text;--> statement-breakpoint
ALTER TABLE `signatures` ADD `gate_evaluation_id` text;--> statement-breakpoint
ALTER TABLE `signatures` ADD `gate_evaluation_hash` text;--> statement-breakpoint
ALTER TABLE `signatures` ADD `statement` text;--> statement-breakpoint
CREATE TRIGGER `gate_specs_no_update` BEFORE UPDATE ON `gate_specs` BEGIN SELECT RAISE(ABORT, 'gate_specs is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `gate_specs_no_delete` BEFORE DELETE ON `gate_specs` BEGIN SELECT RAISE(ABORT, 'gate_specs is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `record_signatures_no_update` BEFORE UPDATE ON `record_signatures` BEGIN SELECT RAISE(ABORT, 'record_signatures is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `record_signatures_no_delete` BEFORE DELETE ON `record_signatures` BEGIN SELECT RAISE(ABORT, 'record_signatures is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `release_policies_no_update` BEFORE UPDATE ON `release_policies` BEGIN SELECT RAISE(ABORT, 'release_policies is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `release_policies_no_delete` BEFORE DELETE ON `release_policies` BEGIN SELECT RAISE(ABORT, 'release_policies is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `models_release_policy_fixed` BEFORE UPDATE ON `models` WHEN NEW.`release_policy_id` IS NOT OLD.`release_policy_id`
  BEGIN SELECT RAISE(ABORT, 'a model''s release policy is fixed at registration'); END;
