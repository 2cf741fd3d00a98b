import { EXPORT_KINDS } from '../imports/formats';
import { DEFAULT_UPLOAD_LIMIT_MB } from './imports/history';

// The OpenAPI 3 description of the API for scripts (/api/v1/openapi.json; docs/api.md tells the
// same in words, with curl examples). A test reads it back and checks it names both endpoints.

const count = { type: 'integer', minimum: 0 } as const;
const cents = { type: 'integer', description: 'US cents' } as const;
const day = { type: 'string', format: 'date', example: '2020-11-30' } as const;
const orNull = <T extends object>(schema: T) => ({ ...schema, nullable: true });

const message = {
	description: 'A sentence: what went wrong and what to do.',
	content: {
		'application/json': { schema: { $ref: '#/components/schemas/Message' } }
	}
};

/** The document, with the server at `origin` (the dashboard's ORIGIN). */
export function openApiDocument(origin: string) {
	return {
		openapi: '3.0.3',
		info: {
			title: 'Backup rollout dashboard API',
			version: '1.0.0',
			description:
				'For scripts: upload an export into the same import pipeline as the Imports page, and read the figures of `npm run report`. Every request carries an API token (`Authorization: Bearer TOKEN`) that an administrator creates on Admin › API tokens or with `npm run tokens`. See docs/api.md.'
		},
		servers: [{ url: origin }],
		security: [{ token: [] }],
		paths: {
			'/api/v1/imports': {
				post: {
					operationId: 'importFile',
					summary: 'Import one export file',
					description: `The file's bytes are the body (not a form): send them with \`Content-Type: application/octet-stream\` (or \`text/csv\`). A token of the uploader role. A file is taken whole or refused whole; the same content twice is a duplicate and changes nothing. The body may be at most UPLOAD_LIMIT_MB (default ${DEFAULT_UPLOAD_LIMIT_MB}) MB.`,
					parameters: [
						{
							name: 'name',
							in: 'query',
							required: true,
							description: 'The file name, as the import history shows it.',
							schema: { type: 'string', maxLength: 255 }
						},
						{
							name: 'kind',
							in: 'query',
							description: 'The export kind; detected from the header when left out.',
							schema: { type: 'string', enum: [...EXPORT_KINDS] }
						},
						{
							name: 'asOf',
							in: 'query',
							description:
								'A Code42 report: the day it was exported (default: its latest activity).',
							schema: day
						},
						{
							name: 'billingMonth',
							in: 'query',
							description: 'A Billing Summary: its month, when the text does not state it.',
							schema: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2020-12' }
						},
						{
							name: 'dateOrder',
							in: 'query',
							description:
								'How to read numeric dates such as 03/04/2020 when nothing in their column settles it.',
							schema: { type: 'string', enum: ['mdy', 'dmy'] }
						}
					],
					requestBody: {
						required: true,
						content: {
							'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
							'text/csv': { schema: { type: 'string', format: 'binary' } }
						}
					},
					responses: {
						'200': {
							description: 'Imported, or a duplicate of a file imported before.',
							content: {
								'application/json': { schema: { $ref: '#/components/schemas/ImportResult' } }
							}
						},
						'400': { ...message, description: 'A bad or missing query parameter, or no body.' },
						'401': { ...message, description: 'No token, or not a valid one.' },
						'403': { ...message, description: 'A token whose role may not import.' },
						'413': {
							...message,
							description: 'Larger than the upload limit: nothing was imported.'
						},
						'422': {
							description: 'Refused, with its errors: nothing of the file was kept.',
							content: {
								'application/json': { schema: { $ref: '#/components/schemas/ImportResult' } }
							}
						},
						'503': { ...message, description: 'The database is busy: try again after Retry-After.' }
					}
				}
			},
			'/api/v1/report': {
				get: {
					operationId: 'report',
					summary: 'The figures of `npm run report -- --json`',
					description: 'A token of the uploader or leadership role.',
					parameters: [
						{
							name: 'asOf',
							in: 'query',
							description: "The figures' day (default: that of the latest Code42 report).",
							schema: day
						},
						{
							name: 'department',
							in: 'query',
							description: 'One department (its code, name or alias, or UNASSIGNED).',
							schema: { type: 'string' }
						}
					],
					responses: {
						'200': {
							description: 'The figures.',
							content: {
								'application/json': { schema: { $ref: '#/components/schemas/Report' } }
							}
						},
						'400': { ...message, description: 'A bad date or an unknown department.' },
						'401': { ...message, description: 'No token, or not a valid one.' },
						'403': { ...message, description: 'A token whose role may not read the figures.' }
					}
				}
			}
		},
		components: {
			securitySchemes: {
				token: {
					type: 'http',
					scheme: 'bearer',
					description: 'An API token (brd_…) of Admin › API tokens or `npm run tokens`.'
				}
			},
			schemas: {
				Message: {
					type: 'object',
					required: ['message'],
					properties: { message: { type: 'string' } }
				},
				ImportResult: {
					type: 'object',
					required: [
						'file',
						'kind',
						'status',
						'rows',
						'inserted',
						'updated',
						'unchanged',
						'errors'
					],
					properties: {
						file: { type: 'string' },
						kind: orNull({ type: 'string', enum: [...EXPORT_KINDS] }),
						status: { type: 'string', enum: ['imported', 'duplicate', 'refused'] },
						rows: count,
						inserted: count,
						updated: count,
						unchanged: count,
						errors: {
							type: 'array',
							description: "A refused file's first 100 problems, by line.",
							items: {
								type: 'object',
								required: ['line', 'column', 'message'],
								properties: {
									line: orNull({ type: 'integer' }),
									column: orNull({ type: 'string' }),
									message: { type: 'string' }
								}
							}
						}
					}
				},
				Report: {
					type: 'object',
					required: ['asOf', 'department', 'devices', 'health', 'savings', 'departments'],
					properties: {
						asOf: day,
						department: orNull({ type: 'string' }),
						devices: {
							type: 'object',
							properties: {
								installed: count,
								active: count,
								milestone1000: orNull(day),
								managed: count,
								adopted: count,
								adoptionPct: orNull({ type: 'number' })
							}
						},
						health: {
							type: 'object',
							properties: {
								ok: count,
								warning: count,
								critical: count,
								never: count,
								failures: count,
								unknown: count
							}
						},
						savings: {
							type: 'object',
							properties: {
								latestBilledMonth: orNull({ type: 'string', example: '2020-12' }),
								realizedCents: cents,
								eligibleMonthlyCents: cents,
								runRateCents: cents,
								projectedAnnualCents: cents,
								retiredNodes: count,
								eligibleNodes: count,
								billedNodes: count,
								code42MonthlyCents: orNull(cents),
								netAnnualCents: orNull(cents)
							}
						},
						departments: {
							type: 'array',
							items: {
								type: 'object',
								properties: {
									code: { type: 'string' },
									installed: count,
									active: count,
									managed: count,
									adopted: count,
									adoptionPct: orNull({ type: 'number' }),
									failures: count,
									realizedSavingsCents: cents,
									eligibleMonthlyCents: cents,
									projectedAnnualCents: cents
								}
							}
						}
					}
				}
			}
		}
	};
}
