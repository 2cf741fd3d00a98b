CREATE TABLE `charges` (
	`import_id` integer NOT NULL,
	`month` text NOT NULL,
	`nodename` text NOT NULL,
	`account` text NOT NULL,
	`department` text,
	`backup_bytes` integer,
	`archive_bytes` integer,
	`total_bytes` integer,
	`extra_bytes` integer,
	`base_cents` integer NOT NULL,
	`extra_cents` integer NOT NULL,
	`total_cents` integer NOT NULL,
	`from_tariff` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`import_id`, `month`, `nodename`),
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `charges_key` ON `charges` (`month`,`nodename`);--> statement-breakpoint
CREATE TABLE `departments` (
	`import_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`aliases` text NOT NULL,
	PRIMARY KEY(`import_id`, `code`),
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `device_rows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`device_uid` text NOT NULL,
	`device_name` text NOT NULL,
	`hostname` text,
	`short_hostname` text NOT NULL,
	`org_name` text,
	`username` text,
	`os` text,
	`status` text NOT NULL,
	`creation_date` text,
	`last_connected` text,
	`archive_guid` text,
	`destination_name` text,
	`alert_states` text,
	`last_completed_backup` text,
	`backup_complete_percentage` real,
	`selected_bytes` integer,
	`archive_bytes` integer,
	`last_activity` text,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `device_rows_import` ON `device_rows` (`import_id`);--> statement-breakpoint
CREATE INDEX `device_rows_device` ON `device_rows` (`device_uid`,`import_id`);--> statement-breakpoint
CREATE TABLE `hand_links` (
	`nodename` text NOT NULL,
	`device_uid` text NOT NULL,
	`linked` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`nodename`, `device_uid`)
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`as_of` text,
	`billing_month` text,
	`uploaded_by` text NOT NULL,
	`uploaded_at` text NOT NULL,
	`status` text NOT NULL,
	`rows` integer DEFAULT 0 NOT NULL,
	`inserted` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`errors` text,
	`sample` integer DEFAULT false NOT NULL,
	`undone_at` text,
	`undone_by` text
);
--> statement-breakpoint
CREATE INDEX `imports_sha256` ON `imports` (`sha256`);--> statement-breakpoint
CREATE INDEX `imports_kind_as_of` ON `imports` (`kind`,`as_of`);--> statement-breakpoint
CREATE TABLE `managed_computers` (
	`import_id` integer NOT NULL,
	`short_name` text NOT NULL,
	`computer_name` text NOT NULL,
	`department` text,
	`os` text,
	`last_seen` text,
	PRIMARY KEY(`import_id`, `short_name`),
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `managed_short` ON `managed_computers` (`short_name`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text NOT NULL,
	`effective_month` text DEFAULT '0000-00' NOT NULL,
	`value` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`key`, `effective_month`)
);
