-- Written by hand from drizzle-kit's output: `managed` is a kept table, rebuilt whole under
-- KEPT_LAYOUT 5 when the database is next opened, so its old rows are dropped, not copied (they
-- have no dates). Inventories imported before they were dated get the date an upload would give
-- them now (their latest Last Seen), else the day they were uploaded.
CREATE TABLE `inventory_lists` (
	`source` text NOT NULL,
	`import_id` integer NOT NULL,
	`as_of` text NOT NULL,
	`from_day` text NOT NULL,
	`until_day` text NOT NULL,
	PRIMARY KEY(`source`, `import_id`)
);
--> statement-breakpoint
DROP TABLE `managed`;--> statement-breakpoint
CREATE TABLE `managed` (
	`short_name` text NOT NULL,
	`from_day` text NOT NULL,
	`until_day` text NOT NULL,
	`import_id` integer NOT NULL,
	`computer_name` text NOT NULL,
	`department_text` text,
	`department` text NOT NULL,
	`known` integer NOT NULL,
	`os` text,
	`last_seen` text,
	PRIMARY KEY(`short_name`, `from_day`)
);
--> statement-breakpoint
CREATE INDEX `managed_days` ON `managed` (`until_day`,`from_day`);--> statement-breakpoint
CREATE INDEX `managed_import` ON `managed` (`import_id`);--> statement-breakpoint
UPDATE `imports` SET `as_of` = coalesce(
	(SELECT max(`last_seen`) FROM `managed_computers` m WHERE m.`import_id` = `imports`.`id`),
	substr(`uploaded_at`, 1, 10))
WHERE `kind` = 'inventory' AND `as_of` IS NULL;
