// GET /api/v1/openapi.json: the OpenAPI 3 description of the API. Public, as its rule says: it
// holds no figure and no secret, and a script's author reads it before they have a token.
import { openApiDocument } from '$lib/server/openapi';
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => json(openApiDocument(url.origin));
