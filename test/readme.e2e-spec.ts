import { readdirSync, readFileSync } from 'node:fs';
import { getMetadataStorage } from 'class-validator';
import { ObservabilityConfig } from 'nestjs-observability';
import { describe, expect, it } from 'vitest';

// The README, plus the pillar guides in docs/ (docs/profiling.md documents the profiling section in full).
const docs = new URL('../docs/', import.meta.url);
const readme = [
  readFileSync(new URL('../README.md', import.meta.url), 'utf8'),
  ...readdirSync(docs)
    .filter((f) => f.endsWith('.md'))
    .map((f) => readFileSync(new URL(f, docs), 'utf8')),
].join('\n');

/** Every configuration key path the schema accepts (descending into sections, not into free-form maps). */
function keyPaths(instance: object, prefix: string): string[] {
  const keys = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(instance.constructor, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];
  return keys.flatMap((key) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const value: unknown = (instance as Record<string, unknown>)[key];
    const isSection =
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      getMetadataStorage().getTargetValidationMetadatas(value.constructor, '', true, false).length > 0;
    return isSection ? [path, ...keyPaths(value, path)] : [path];
  });
}

describe('README configuration reference', () => {
  it('documents every configuration key the schema accepts', () => {
    const paths = keyPaths(new ObservabilityConfig(), '');
    expect(paths.length).toBeGreaterThan(40);
    // A key counts as documented when its full path is written out, or when its section's path is and the key's
    // own name is written next to it (tables of a section's sub-keys).
    const undocumented = paths.filter((path) => {
      if (readme.includes(`\`${path}\``)) return false;
      const parent = path.slice(0, path.lastIndexOf('.'));
      const leaf = path.slice(path.lastIndexOf('.') + 1);
      return !(parent && readme.includes(`\`${parent}\``) && readme.includes(`\`${leaf}\``));
    });
    expect(undocumented).toEqual([]);
  });
});
