-- device_rows_key is written by hand: drizzle-kit 0.31 cuts an expression index at its commas.
DROP INDEX `device_rows_import`;--> statement-breakpoint
ALTER TABLE `device_rows` ADD `line` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `device_rows_key` ON `device_rows` (`import_id`,`device_uid`,coalesce(`archive_guid`, `destination_name`, ''));--> statement-breakpoint
ALTER TABLE `charges` ADD `line` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `imports` ADD `owner` text;--> statement-breakpoint
ALTER TABLE `managed_computers` ADD `source` text DEFAULT 'inventory' NOT NULL;--> statement-breakpoint
ALTER TABLE `managed_computers` ADD `line` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `managed_source` ON `managed_computers` (`source`,`import_id`);