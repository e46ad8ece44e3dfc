const { createHash } = require('node:crypto');
const ts = require('typescript');

// Jest on Node 20 cannot require() ES modules, so the ESM-only packages (NestJS 12 and a few of its
// dependencies) are compiled to CommonJS for the tests. import.meta does not exist in CommonJS, and a
// module's own `const require = createRequire(...)` would clash with CommonJS' require, which does the same.
const ESM_ONLY_REPLACEMENTS = [
  [/\b(?:const|let|var)\s+require\s*=\s*createRequire\(/g, 'const __esmRequire = createRequire('],
  [/\bimport\.meta\.url\b/g, 'require("node:url").pathToFileURL(__filename).href'],
  [/\bimport\.meta\.resolve\(/g, 'require.resolve('],
  [/\bimport\.meta\.dirname\b/g, '__dirname'],
  [/\bimport\.meta\.filename\b/g, '__filename'],
];

function process(sourceText, sourcePath) {
  let text = sourceText;
  for (const [pattern, replacement] of ESM_ONLY_REPLACEMENTS) text = text.replace(pattern, replacement);
  const { outputText, sourceMapText } = ts.transpileModule(text, {
    fileName: sourcePath,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2023, allowJs: true, sourceMap: true, esModuleInterop: true },
  });
  return { code: outputText, map: sourceMapText };
}

module.exports = {
  process,
  getCacheKey(sourceText, sourcePath) {
    return createHash('sha256').update('esm-to-cjs-3').update(ts.version).update(sourcePath).update(sourceText).digest('hex');
  },
};
