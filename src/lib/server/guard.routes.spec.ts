import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROUTE_RULES } from './access';
import * as guards from './guard';

// Every load, action and +server handler under src/routes calls a guard of guard.ts as its first
// statement, so that no page or endpoint relies on the hook's route rules alone. Read from the
// source: a handler the test cannot read (defined elsewhere, built by a function) fails too.

const ROUTES_DIR = join(process.cwd(), 'src', 'routes');
const SERVER_FILE = /^\+(page\.server|layout\.server|server)\.(ts|js)$/;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'fallback']);
const GUARDS = new Set(Object.keys(guards));

// Open on purpose: the routes whose rule is 'public' (/login, /healthz: docs/auth.md), and the
// root layout's load, which runs under every page, /login included, and says only who is signed
// in and whether the sample data is loaded.
const OPEN = new Set(['src/routes/+layout.server.ts: load']);

interface Handler {
	/** `file: load`, `file: actions.name` or `file: GET` */
	name: string;
	guarded: boolean;
}

/** The loads, actions and handlers a route file exports, each with whether a guard comes first. */
function handlers(file: string, source: string): Handler[] {
	const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
	const guardNames = new Set<string>();
	const found: Handler[] = [];
	const add = (name: string, fn: ts.Node | undefined) =>
		found.push({ name: `${file}: ${name}`, guarded: fn !== undefined && guardedFirst(fn) });

	function guardedFirst(fn: ts.Node): boolean {
		if (
			!ts.isArrowFunction(fn) &&
			!ts.isFunctionExpression(fn) &&
			!ts.isFunctionDeclaration(fn) &&
			!ts.isMethodDeclaration(fn)
		)
			return false;
		if (!fn.body) return false;
		const first = ts.isBlock(fn.body) ? fn.body.statements[0] : fn.body;
		if (first === undefined) return false;
		if (ts.isExpressionStatement(first)) return isGuardCall(first.expression);
		if (ts.isVariableStatement(first)) {
			const [declaration, ...more] = first.declarationList.declarations;
			return more.length === 0 && isGuardCall(declaration.initializer);
		}
		return isGuardCall(first);
	}

	// `requireRole('admin')`, or a field of what it returns: `requireRole('admin').email`
	function isGuardCall(node: ts.Node | undefined): boolean {
		while (node && ts.isPropertyAccessExpression(node)) node = node.expression;
		return (
			node !== undefined &&
			ts.isCallExpression(node) &&
			ts.isIdentifier(node.expression) &&
			guardNames.has(node.expression.text)
		);
	}

	const unwrap = (node: ts.Expression | undefined): ts.Expression | undefined =>
		node &&
		(ts.isSatisfiesExpression(node) ||
			ts.isAsExpression(node) ||
			ts.isParenthesizedExpression(node))
			? unwrap(node.expression)
			: node;

	for (const statement of tree.statements) {
		if (
			ts.isImportDeclaration(statement) &&
			ts.isStringLiteral(statement.moduleSpecifier) &&
			statement.moduleSpecifier.text === '$lib/server/guard'
		) {
			const bindings = statement.importClause?.namedBindings;
			if (bindings && ts.isNamedImports(bindings)) {
				for (const element of bindings.elements) {
					const imported = (element.propertyName ?? element.name).text;
					if (GUARDS.has(imported)) guardNames.add(element.name.text);
				}
			}
		}
	}

	const exported = (node: ts.Statement) =>
		ts.canHaveModifiers(node) &&
		(ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
	const isHandler = (name: string) => name === 'load' || METHODS.has(name);

	for (const statement of tree.statements) {
		if (ts.isFunctionDeclaration(statement) && exported(statement) && statement.name) {
			if (isHandler(statement.name.text)) add(statement.name.text, statement);
		} else if (ts.isVariableStatement(statement) && exported(statement)) {
			for (const declaration of statement.declarationList.declarations) {
				if (!ts.isIdentifier(declaration.name)) continue;
				const name = declaration.name.text;
				const value = unwrap(declaration.initializer);
				if (isHandler(name)) add(name, value);
				if (name !== 'actions') continue;
				if (!value || !ts.isObjectLiteralExpression(value)) {
					add('actions', undefined);
					continue;
				}
				for (const property of value.properties) {
					const key = property.name && ts.isIdentifier(property.name) ? property.name.text : '?';
					// a shorthand `name,` or a spread is defined elsewhere: not readable here
					const fn = ts.isPropertyAssignment(property)
						? unwrap(property.initializer)
						: ts.isMethodDeclaration(property)
							? property
							: undefined;
					add(`actions.${key}`, fn);
				}
			}
		} else if (ts.isExportDeclaration(statement) && statement.exportClause) {
			// `export { something as GET }`: defined elsewhere, so not readable here
			if (ts.isNamedExports(statement.exportClause)) {
				for (const element of statement.exportClause.elements) {
					if (isHandler(element.name.text) || element.name.text === 'actions')
						add(element.name.text, undefined);
				}
			}
		}
	}
	return found;
}

/** Every server route file under src/routes, with its route id (as in `event.route.id`). */
function routeFiles(): { file: string; routeId: string }[] {
	return readdirSync(ROUTES_DIR, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile() && SERVER_FILE.test(entry.name))
		.map((entry) => {
			const folder = relative(ROUTES_DIR, entry.parentPath);
			return {
				file: join('src/routes', folder, entry.name).split(sep).join('/'),
				routeId: folder === '' ? '/' : `/${folder.split(sep).join('/')}`
			};
		});
}

describe('the guard of every load, action and handler', () => {
	it('is recognised first, and only first, in a route file', () => {
		const source = `
			import { requireRole as mayChange, requireReader } from '$lib/server/guard';
			import { requireRole } from './elsewhere';
			export const load = (event) => { requireReader(); return {}; };
			export const actions = {
				save: async ({ request }) => { const by = mayChange('admin').email; return { by }; },
				late: async ({ request }) => { const form = await request.formData(); mayChange('admin'); },
				copied: async () => { requireRole('admin'); },
				method() { requireReader(); },
				shorthand
			};
			export function GET() { return new Response(''); }
			export { handler as POST };
		`;
		expect(handlers('x/+page.server.ts', source)).toEqual(
			[
				['load', true],
				['actions.save', true],
				['actions.late', false],
				['actions.copied', false],
				['actions.method', true],
				['actions.shorthand', false],
				['GET', false],
				['POST', false]
			].map(([name, guarded]) => ({ name: `x/+page.server.ts: ${name}`, guarded }))
		);
	});

	it('finds the loads, actions and handlers of src/routes', () => {
		const names = routeFiles().flatMap(({ file }) =>
			handlers(file, readFileSync(file, 'utf8')).map((h) => h.name)
		);
		expect(names).toContain('src/routes/admin/+page.server.ts: actions.clearSamples');
		expect(names).toContain('src/routes/imports/upload/+server.ts: POST');
		expect(names).toContain('src/routes/+layout.server.ts: load');
	});

	it('is called first by each of them, except by the public routes', () => {
		const unguarded = routeFiles()
			.filter(({ routeId }) => ROUTE_RULES[routeId] !== 'public')
			.flatMap(({ file }) => handlers(file, readFileSync(file, 'utf8')))
			.filter((h) => !h.guarded && !OPEN.has(h.name))
			.map((h) => h.name);
		expect(
			unguarded,
			'call a guard of src/lib/server/guard.ts as the first statement of these'
		).toEqual([]);
	});
});
