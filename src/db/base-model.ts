import { Model, snakeCaseMappers } from 'objection';

/**
 * Objection base: camelCase in JS, snake_case in SQL. Models are used only inside stores, and only
 * for plain entity tables (docs/architecture.md, "Persistence").
 */
export class BaseModel extends Model {
  static override get columnNameMappers() {
    return snakeCaseMappers();
  }
}
