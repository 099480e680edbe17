// The first page's budget: the JavaScript it loads (its entry chunks, React
// included), gzipped, at most BUDGET bytes. Pages loaded on demand are chunks of
// their own: listed with their sizes, not counted against the first page.
// Run after `npm run build`; exits 1 above the budget.
//   node frontend/scripts/check-bundle-size.js [budget-bytes]
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const BUDGET = Number(process.argv[2] || 150 * 1000); // 150 KB
const ENTRY = "main"; // the entry the page template loads
const dist = path.resolve(__dirname, "..", "dist");
const manifestPath = path.join(dist, "manifest.json");

function fail(message) {
  console.error(`bundle size: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(manifestPath)) fail(`${manifestPath} is missing; build it with \`make frontend\``);
const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
const entry = manifest.entrypoints?.[ENTRY];
if (!entry) fail(`${manifestPath} lists no entrypoints.${ENTRY}; rebuild with \`npm run build\``);

const measure = (file) => {
  const bytes = fs.readFileSync(path.join(dist, file));
  return { file, raw: bytes.length, gzipped: zlib.gzipSync(bytes, { level: 9 }).length };
};
const first = entry.filter((file) => file.endsWith(".js")).map(measure);
const firstFiles = new Set(first.map((chunk) => chunk.file));
const files = Object.entries(manifest).filter(([name]) => name !== "entrypoints").map(([, file]) => file);
const lazy = [...new Set(files.filter((file) => file.endsWith(".js") && !firstFiles.has(file)))].map(measure);
const styles = [...new Set(files.filter((file) => file.endsWith(".css")))].map(measure);

for (const chunk of first) console.log(`bundle size: first page ${chunk.file} ${chunk.raw} bytes, ${chunk.gzipped} gzipped`);
for (const chunk of lazy) console.log(`bundle size: on demand  ${chunk.file} ${chunk.raw} bytes, ${chunk.gzipped} gzipped`);
for (const sheet of styles) console.log(`bundle size: stylesheet ${sheet.file} ${sheet.raw} bytes, ${sheet.gzipped} gzipped`);
const sum = (chunks, key) => chunks.reduce((total, chunk) => total + chunk[key], 0);
const raw = sum(first, "raw");
const gzipped = sum(first, "gzipped");
console.log(
  `RESULT first_page_js_bytes=${raw} first_page_js_gzip_bytes=${gzipped} ` +
    `on_demand_js_gzip_bytes=${sum(lazy, "gzipped")} on_demand_chunks=${lazy.length} budget_gzip_bytes=${BUDGET}`,
);
if (!first.length) fail(`entry ${ENTRY} has no JavaScript`);
if (gzipped > BUDGET) fail(`the first page's ${gzipped} gzipped bytes are over the budget of ${BUDGET}`);
