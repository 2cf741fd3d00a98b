// Where an EZ-Backup node stands against the "Turn off now" list, in the order the rule tries
// (docs/rules.md, "Why a node is not in Turn off now"; metrics/nodes.ts: turnOffStatus), and the
// words the pages and the CSVs say it with. Shared by the server and the pages.

/** On the list, the reasons a node still billed is not, in the rule's order, then retired. */
export const TURN_OFF = [
	'now',
	'no-device',
	'not-active',
	'first-backup',
	'critical',
	'no-backup-data',
	'retired'
] as const;

export type TurnOff = (typeof TURN_OFF)[number];

/** Why a node is not on the list, as a person reads it; `devices` is how many it is about. */
export function turnOffWords(status: TurnOff, devices = 1): string {
	const several = devices > 1;
	switch (status) {
		case 'now':
			return 'can be turned off now';
		case 'no-device':
			return 'no linked device';
		case 'not-active':
			return several ? 'its devices are no longer active' : 'its device is no longer active';
		case 'first-backup':
			return 'its device has not finished its first backup';
		case 'critical':
			return 'its backup is critical';
		case 'no-backup-data':
			return 'no Code42 backup report shows its device yet';
		case 'retired':
			return 'retired';
	}
}

/** What to do next about a node still billed that is not on the list. */
export interface NextStep {
	/** what to do, after "Chase <user>: " when `chase` */
	words: string;
	/** an administrator can link it by hand (/admin/links?node=) */
	link: boolean;
	/** the users of the devices that hold it back are the ones to ask */
	chase: boolean;
}

export const NEXT_STEPS: Partial<Record<TurnOff, NextStep>> = {
	// its computer has no Code42 yet, or a device of another name: no user to chase by name
	'no-device': {
		words: 'install Code42 on its computer, or link its device by hand',
		link: true,
		chase: false
	},
	// its computer was reinstalled (a new device, to link by hand) or given up: its user knows
	'not-active': {
		words: 'reinstall Code42, or link the new device by hand',
		link: true,
		chase: true
	},
	'first-backup': {
		words: 'keep the computer on and online until the backup finishes',
		link: false,
		chase: true
	},
	critical: {
		words: 'bring the computer online so that Code42 backs it up',
		link: false,
		chase: true
	},
	'no-backup-data': {
		words: 'wait for the next Code42 device backup report',
		link: false,
		chase: false
	}
};

/** The next step as one line of a CSV: "chase the user: …" (the users are a column of their own). */
export function nextStepText(status: TurnOff): string {
	const step = NEXT_STEPS[status];
	if (!step) return '';
	return step.chase ? `chase the user: ${step.words}` : step.words;
}
