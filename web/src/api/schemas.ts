import type { components } from '@server/http/generated/api';

/** The API's schemas, generated from specs/openapi.yaml: the web code never redeclares them. */
export type Schemas = components['schemas'];
export type Role = Schemas['Role'];
