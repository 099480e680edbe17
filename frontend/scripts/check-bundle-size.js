// The production bundle's budget: all its JavaScript (React included), gzipped,
// at most BUDGET bytes. Run after `npm run build`; exits 1 above the budget.
//   node frontend/scripts/check-bundle-size.js [budget-bytes]
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const BUDGET = Number(process.argv[2] || 150 * 1000); // 150 KB
const dist = path.resolve(__dirname, "..", "dist");
const manifestPath = path.join(dist, "manifest.json");

if (!fs.existsSync(manifestPath)) {
  console.error(`bundle size: ${manifestPath} is missing; build it with \`make frontend\``);
  process.exit(1);
}
const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
const scripts = [...new Set(Object.values(manifest).filter((file) => file.endsWith(".js")))];
let raw = 0;
let gzipped = 0;
for (const file of scripts) {
  const bytes = fs.readFileSync(path.join(dist, file));
  const packed = zlib.gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzipped += packed;
  console.log(`bundle size: ${file} ${bytes.length} bytes, ${packed} gzipped`);
}
console.log(`RESULT bundle_js_bytes=${raw} bundle_js_gzip_bytes=${gzipped} budget_gzip_bytes=${BUDGET}`);
if (!scripts.length || gzipped > BUDGET) {
  console.error(`bundle size: ${gzipped} gzipped bytes is over the budget of ${BUDGET}`);
  process.exit(1);
}
