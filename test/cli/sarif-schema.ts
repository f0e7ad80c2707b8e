// The OASIS SARIF 2.1.0 schema (shipped in @microsoft/jest-sarif) as an Ajv validator, for the tests
// that check `adamw-lens check --format sarif` output.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';

const SCHEMA = path.join(__dirname, '../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

/**
 * The schema file declares draft-04 but uses nothing draft-04-specific (no boolean exclusiveMinimum),
 * so Ajv 8's default draft-07 validator reads it once the draft-04 `id` becomes `$id`. Formats are
 * checked with small validators rather than ignored (ajv-formats is not a dependency).
 */
export function sarifValidator() {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  schema.$id = schema.id;
  delete schema.id;
  // unicodeRegExp off: the schema's `language` pattern (`…[a-zA-Z]{2}]?$`) is valid only without the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value)));
  return ajv.compile(schema);
}

