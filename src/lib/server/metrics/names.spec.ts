import { describe, expect, it } from 'vitest';
import { nameKey, nodeMatchKey, sameName, shortHostname } from './names';

describe('shortHostname', () => {
	it('lower-cases the OS host name and cuts it at the first dot', () => {
		expect(shortHostname('ANSC-PC0042.cals.cornell.edu', 'Whatever')).toBe('ansc-pc0042');
		expect(shortHostname('  Ansc-Mac01.local ', null)).toBe('ansc-mac01');
	});

	it('falls back to the device name when the host name is blank', () => {
		expect(shortHostname(null, 'ANSC-PC0042')).toBe('ansc-pc0042');
		expect(shortHostname('   ', 'ENTO-PC1.cals.cornell.edu')).toBe('ento-pc1');
		expect(shortHostname(undefined, "Jane's MacBook Pro")).toBe("jane's macbook pro");
		expect(shortHostname(null, null)).toBe('');
	});

	it('trims what is left before the dot and is idempotent', () => {
		expect(shortHostname('ansc-pc7 .cals')).toBe('ansc-pc7');
		expect(shortHostname(shortHostname('ANSC-PC0042.x.y'))).toBe('ansc-pc0042');
	});
});

describe('nameKey / sameName', () => {
	it('ignores case and surrounding spaces, and counts inner runs of spaces as one', () => {
		expect(nameKey('  Animal Science ')).toBe('animal science');
		expect(sameName('Dept of  Animal Science', 'dept of animal science')).toBe(true);
		expect(sameName('ANSC', ' ansc ')).toBe(true);
		expect(sameName('ANSC', 'ANS C')).toBe(false);
		expect(sameName(null, '')).toBe(true);
	});
});

describe('nodeMatchKey', () => {
	it('drops @SERVER, any domain and a trailing "-", ignoring case', () => {
		expect(nodeMatchKey('ANSC-PC0042@ADSM4')).toBe('ansc-pc0042');
		expect(nodeMatchKey('ANSC-LABIMAGING-SRV-')).toBe('ansc-labimaging-srv');
		expect(nodeMatchKey('ansc-pc7.cals.cornell.edu@ADSM2')).toBe('ansc-pc7');
		expect(nodeMatchKey('ANSC-PC8-@ADSM2')).toBe('ansc-pc8');
		// cut to 20 characters inside the domain: the domain goes, the '-' with it
		expect(nodeMatchKey('ANSC-PC9.CALS.CORNE-')).toBe('ansc-pc9');
		expect(nodeMatchKey('  ENTO-PC1  ')).toBe('ento-pc1');
	});

	it('drops only one trailing "-"', () => {
		expect(nodeMatchKey('ODD--')).toBe('odd-');
	});

	it('leaves nothing to match for an empty or server-only nodename', () => {
		expect(nodeMatchKey('')).toBe('');
		expect(nodeMatchKey('@ADSM4')).toBe('');
	});
});
