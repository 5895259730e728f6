import type { components } from '../http/generated/api.js';
import { findKpi } from './kpi-catalogue.js';
import type { KpiFigure } from './kpi-figures.js';

/** JSON views of the oversight results: catalogue text beside each figure, dates as ISO strings. */
type Schemas = components['schemas'];

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function figureView(f: KpiFigure): Schemas['OversightKpiFigure'] {
  const def = findKpi(f.code)!;
  return {
    code: f.code,
    name: def.name,
    group: def.group,
    unit: def.unit,
    numeratorLabel: def.numerator,
    denominatorLabel: def.denominator,
    definition: def.definition,
    dataSource: def.dataSource,
    byDistrict: def.byDistrict,
    unavailable: def.unavailable ?? null,
    value: f.value,
    numerator: f.numerator,
    denominator: f.denominator,
    target: f.target,
    met: f.met,
  };
}

export const shortFigureView = (f: KpiFigure): Schemas['OversightShortFigure'] => ({
  code: f.code,
  value: f.value,
  numerator: f.numerator,
  denominator: f.denominator,
  met: f.met,
});
