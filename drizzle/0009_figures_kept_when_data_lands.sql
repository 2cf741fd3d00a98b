CREATE TABLE `adoption_weeks` (
	`as_of` text NOT NULL,
	`department` text NOT NULL,
	`week` integer,
	`managed` integer NOT NULL,
	`adopted` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `adoption_weeks_date` ON `adoption_weeks` (`as_of`,`department`,`week`);--> statement-breakpoint
CREATE TABLE `install_days` (
	`as_of` text NOT NULL,
	`department` text NOT NULL,
	`day` integer NOT NULL,
	`installs` integer NOT NULL,
	`active` integer NOT NULL,
	PRIMARY KEY(`as_of`, `department`, `day`)
);
--> statement-breakpoint
CREATE TABLE `retired_sums` (
	`month` text NOT NULL,
	`next_month` text NOT NULL,
	`department` text NOT NULL,
	`nodes` integer NOT NULL,
	`baseline_cents` integer NOT NULL,
	`baseline_month_cents` integer NOT NULL,
	PRIMARY KEY(`next_month`, `month`, `department`)
);
--> statement-breakpoint
CREATE TABLE `unnamed_node_months` (
	`next_month` text NOT NULL,
	`month` text NOT NULL,
	`node_id` integer NOT NULL,
	PRIMARY KEY(`next_month`, `month`, `node_id`)
);
--> statement-breakpoint
CREATE INDEX `devices_varies` ON `devices` (`id`) WHERE "devices"."varies";