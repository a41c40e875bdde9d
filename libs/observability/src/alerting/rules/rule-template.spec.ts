import { describe, expect, it } from 'vitest';
import { expandTemplate, formatValue, unsupportedPlaceholder } from './rule-template.js';

describe('rule templates', () => {
  it("prints {{ $value }} as Go's %v does (checked against promtool's output)", () => {
    expect([1234567, 0.00001, 1.2345678901234569e23, 100000, 0.0001, 0.5, 3, -2e-7, NaN, Infinity].map(formatValue)).toEqual([
      '1.234567e+06',
      '1e-05',
      '1.2345678901234569e+23',
      '100000',
      '0.0001',
      '0.5',
      '3',
      '-2e-07',
      'NaN',
      '+Inf',
    ]);
  });

  it('expands $value and $labels, a missing label as empty, and refuses other placeholders', () => {
    expect(expandTemplate('{{ $labels.route }} {{$value}} [{{ $labels.none }}]', 0.25, { route: '/a' })).toBe('/a 0.25 []');
    expect(unsupportedPlaceholder('{{ $value }} {{ $labels.x }}')).toBeUndefined();
    expect(unsupportedPlaceholder('{{ $value | humanize }}')).toBe('{{ $value | humanize }}');
  });
});
