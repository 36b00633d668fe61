// Helpers of the fixture-driven suites: a fixture list that is empty fails the file at load.

/** The list itself; throws when it is missing or empty (a suite looping over it would pass vacuously). */
export function nonEmpty<T>(list: readonly T[] | undefined | null, what: string): readonly T[] {
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error(`${what}: the fixture list is ${list === undefined || list === null ? 'missing' : 'empty'} (regenerate it with its script under scripts/)`);
  }
  return list;
}
