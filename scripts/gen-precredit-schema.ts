import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { scorecardDocumentSchema } from '../src/precredit/scorecard-model.js';

/** Writes the pre-credit model's JSON Schema from its zod schema (a unit test keeps them equal). */
const target = new URL('../specs/precredit/scorecard-model.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(z.toJSONSchema(scorecardDocumentSchema, { io: 'input' }), null, 2)}\n`);
