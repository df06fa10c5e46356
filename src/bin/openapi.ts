/** Prints the API's OpenAPI document: the web console's typed client is generated from it. */
import { buildOpenApiDocument } from '../api';

process.stdout.write(`${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
