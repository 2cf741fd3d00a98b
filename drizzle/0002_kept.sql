CREATE TABLE `account_departments` (
	`account` text PRIMARY KEY NOT NULL,
	`code` text
);
--> statement-breakpoint
CREATE TABLE `billed_months` (
	`month` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `department_list` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`aliases` text NOT NULL,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `department_names` (
	`key` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `department_spend` (
	`month` text NOT NULL,
	`department` text NOT NULL,
	`cents` integer NOT NULL,
	`charges` integer NOT NULL,
	PRIMARY KEY(`month`, `department`)
);
--> statement-breakpoint
CREATE TABLE `device_states` (
	`as_of` text NOT NULL,
	`device_id` integer NOT NULL,
	`row_id` integer NOT NULL,
	`in_device_report` integer NOT NULL,
	`short_name` text NOT NULL,
	`name_key` text NOT NULL,
	`org_key` text NOT NULL,
	`placement` integer NOT NULL,
	`code` integer NOT NULL,
	`os_family` integer NOT NULL,
	`active` integer NOT NULL,
	`has_backup` integer NOT NULL,
	`creation_ms` integer,
	`last_completed_ms` integer,
	`alerts` integer NOT NULL,
	`best_percent` real,
	`progress_row` integer,
	`to_send` integer,
	PRIMARY KEY(`as_of`, `device_id`)
);
--> statement-breakpoint
CREATE INDEX `device_states_short` ON `device_states` (`as_of`,`short_name`,`active`);--> statement-breakpoint
CREATE INDEX `device_states_name` ON `device_states` (`as_of`,`name_key`);--> statement-breakpoint
CREATE INDEX `device_states_install` ON `device_states` (`device_id`) WHERE "device_states"."creation_ms" IS NULL;--> statement-breakpoint
CREATE TABLE `devices` (
	`id` integer PRIMARY KEY NOT NULL,
	`uid` text NOT NULL,
	`first_creation_ms` integer,
	`varies` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_uid_unique` ON `devices` (`uid`);--> statement-breakpoint
CREATE TABLE `first_backups` (
	`device_id` integer PRIMARY KEY NOT NULL,
	`as_of` text NOT NULL,
	`duration_ms` integer
);
--> statement-breakpoint
CREATE TABLE `kept_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`layout` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `managed` (
	`short_name` text PRIMARY KEY NOT NULL,
	`computer_name` text NOT NULL,
	`department_text` text,
	`department` text NOT NULL,
	`known` integer NOT NULL,
	`os` text,
	`last_seen` text
);
--> statement-breakpoint
CREATE TABLE `node_months` (
	`node_id` integer NOT NULL,
	`month` text NOT NULL,
	`month_number` integer NOT NULL,
	`nodename` text NOT NULL,
	`account` text NOT NULL,
	`department` text,
	`department_key` text NOT NULL,
	`total_bytes` integer,
	`total_cents` integer NOT NULL,
	`billed_months` integer NOT NULL,
	`baseline_cents` integer NOT NULL,
	`next_month` text NOT NULL,
	`match_key` text NOT NULL,
	PRIMARY KEY(`node_id`, `month`)
);
--> statement-breakpoint
CREATE INDEX `node_months_next` ON `node_months` (`next_month`,`month`);--> statement-breakpoint
CREATE TABLE `nodes` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`first_month` text NOT NULL,
	`spend_department` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `nodes_key_unique` ON `nodes` (`key`);--> statement-breakpoint
CREATE TABLE `placements` (
	`id` integer PRIMARY KEY NOT NULL,
	`short_name` text NOT NULL,
	`org_key` text NOT NULL,
	`department` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `placements_names` ON `placements` (`short_name`,`org_key`);--> statement-breakpoint
CREATE TABLE `report_dates` (
	`as_of` text PRIMARY KEY NOT NULL,
	`device_report` integer,
	`enrollment_list` integer
);
--> statement-breakpoint
CREATE TABLE `report_health` (
	`as_of` text NOT NULL,
	`department` text NOT NULL,
	`os_family` integer NOT NULL,
	`devices` integer NOT NULL,
	`active` integer NOT NULL,
	`ok` integer NOT NULL,
	`warning` integer NOT NULL,
	`critical` integer NOT NULL,
	`never` integer NOT NULL,
	`failures` integer NOT NULL,
	`unknown` integer NOT NULL,
	PRIMARY KEY(`as_of`, `department`, `os_family`)
);
--> statement-breakpoint
-- by hand: a default for the rows already there, then each row's key by the rule itself
-- (name_key is registered on every connection before the migrations run: db/functions.ts)
ALTER TABLE `charges` ADD `node_key` text NOT NULL DEFAULT '';--> statement-breakpoint
UPDATE `charges` SET `node_key` = name_key(`nodename`);--> statement-breakpoint
CREATE INDEX `charges_node` ON `charges` (`node_key`,`month`);--> statement-breakpoint
ALTER TABLE `hand_links` ADD `node_key` text NOT NULL DEFAULT '';--> statement-breakpoint
UPDATE `hand_links` SET `node_key` = name_key(`nodename`);--> statement-breakpoint
CREATE INDEX `hand_links_node` ON `hand_links` (`node_key`,`device_uid`);