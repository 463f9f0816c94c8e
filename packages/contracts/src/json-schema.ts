import { z } from 'zod';
import { deadLetterSchema } from './dead-letter';
import { ENVELOPE_VERSION } from './envelope';
import { envelopeSchemaFor, SUBJECTS } from './event-map';

export type JsonSchema = Record<string, unknown>;

/** draft-07 JSON Schema of a zod schema, as a consumer reads it. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-07',
    // What a consumer accepts: data objects stay open to fields added within a version.
    io: 'input',
    unrepresentable: 'throw',
    override: ({ jsonSchema }) => {
      // zod's date-time regex is unreadable and says no more than `format: date-time` (UTC, `Z`).
      if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
    },
  });
  return rest;
}

/** The JSON Schemas a release ships (dist/schemas) and the compatibility snapshot records (released/). */
export interface ContractSchemas {
  /** The package version these schemas were released in (dist/schemas/index.json, released/schemas.json). */
  packageVersion?: string;
  envelopeVersion: number;
  /** Envelope schema by subject. */
  events: Record<string, JsonSchema>;
  deadLetter: JsonSchema;
}

export function contractSchemas(): ContractSchemas {
  return {
    envelopeVersion: ENVELOPE_VERSION,
    events: Object.fromEntries(SUBJECTS.map((subject) => [subject, jsonSchemaOf(envelopeSchemaFor(subject)!)])),
    deadLetter: jsonSchemaOf(deadLetterSchema),
  };
}
