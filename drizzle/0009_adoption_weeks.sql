CREATE TABLE `adoption_weeks` (
	`as_of` text NOT NULL,
	`department` text NOT NULL,
	`week` integer,
	`managed` integer NOT NULL,
	`adopted` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `adoption_weeks_date` ON `adoption_weeks` (`as_of`,`department`,`week`);