CREATE TABLE `install_days` (
	`as_of` text NOT NULL,
	`department` text NOT NULL,
	`day` integer NOT NULL,
	`installs` integer NOT NULL,
	`active` integer NOT NULL,
	PRIMARY KEY(`as_of`, `department`, `day`)
);
