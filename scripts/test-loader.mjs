// Module resolution hook of the test driver (scripts/test-driver.mjs): every `import … from 'uvu'`
// in a test file gets scripts/test-uvu.mjs, which wraps uvu's suites so the driver can see them.
const SHIM = new URL('./test-uvu.mjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'uvu' && context.parentURL !== SHIM) return { url: SHIM, shortCircuit: true };
  return next(specifier, context);
}
