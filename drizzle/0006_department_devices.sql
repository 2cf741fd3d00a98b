CREATE TABLE `department_devices` (
	`as_of` text NOT NULL,
	`department` text NOT NULL,
	`devices` integer NOT NULL,
	`active` integer NOT NULL,
	`ok` integer NOT NULL,
	`warning` integer NOT NULL,
	`critical` integer NOT NULL,
	`never` integer NOT NULL,
	`failures` integer NOT NULL,
	`unknown` integer NOT NULL,
	`first_install` integer,
	PRIMARY KEY(`as_of`, `department`)
);
