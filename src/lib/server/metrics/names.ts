// How names are compared. Name matches ignore case and surrounding spaces (domain.md); runs of
// spaces inside a name also count as one, so "Dept of  Animal Science" is "Dept of Animal Science".

/** The comparison key of a name: trimmed, inner runs of white space as one space, lower-cased. */
export function nameKey(name: string | null | undefined): string {
	if (!name) return '';
	const trimmed = name.trim();
	// The regex replace only where there is something to collapse: this runs for every device.
	return (MULTI_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed).toLowerCase();
}

const MULTI_SPACE = /\s\s|[^\S ]/;

/** Whether two names are the same, ignoring case and surrounding spaces. */
export function sameName(a: string | null | undefined, b: string | null | undefined): boolean {
	return nameKey(a) === nameKey(b);
}

/**
 * Short hostname: `deviceOsHostname` (else `deviceName`; for the inventory, `Computer Name`),
 * lower-cased and cut at the first '.', trimmed. A blank host name falls back to the device name.
 * Applying it to a short hostname gives the same short hostname.
 */
export function shortHostname(
	osHostname: string | null | undefined,
	deviceName?: string | null
): string {
	const host = (osHostname ?? '').trim();
	const name = host !== '' ? host : (deviceName ?? '').trim();
	const dot = name.indexOf('.');
	return (dot >= 0 ? name.slice(0, dot) : name).trim().toLowerCase();
}

/**
 * The key an EZ-Backup nodename is matched on: drop '@SERVER', any domain (from the first '.') and
 * then one trailing '-' (the mark of a name the Billing Summary cut to 20 characters), ignore case.
 * 'ANSC-PC0042@ADSM4' → 'ansc-pc0042'; 'ANSC-LABIMAGING-SRV-' → 'ansc-labimaging-srv';
 * 'ansc-pc7.cals.cornell.edu@ADSM2' → 'ansc-pc7'.
 */
export function nodeMatchKey(nodename: string): string {
	let key = nodename;
	const at = key.indexOf('@');
	if (at >= 0) key = key.slice(0, at);
	key = key.trim();
	const dot = key.indexOf('.');
	if (dot >= 0) key = key.slice(0, dot);
	key = key.trim();
	if (key.endsWith('-')) key = key.slice(0, -1);
	return key.trim().toLowerCase();
}
