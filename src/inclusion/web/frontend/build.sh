#!/usr/bin/env bash
# Builds the site's front-end files into the repository's top-level static/:
#   static/app.css      GOV.UK Frontend Sass + council branding (app.scss),
#                       compressed, no source map
#   static/htmx.min.js  vendored from the pinned htmx.org package
# Both outputs are committed, so running the site needs no Node.
# Needs Node and npm (the npm registry). Run from any directory:
#   bash src/inclusion/web/frontend/build.sh
# The output is deterministic: two runs give byte-identical files.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
static="$(cd "$here/../../../.." && pwd)/static"

cd "$here"
# Exact versions from package-lock.json. --ignore-scripts: nothing here needs
# an install script (sass's optional file watcher is not used).
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null

mkdir -p "$static"
# Write to temporary files first so a failed build leaves the old outputs.
tmp_css="$static/.app.css.tmp"
tmp_js="$static/.htmx.min.js.tmp"
trap 'rm -f "$tmp_css" "$tmp_js"' EXIT

./node_modules/.bin/sass \
  --pkg-importer=node \
  --style=compressed \
  --no-source-map \
  --no-error-css \
  app.scss "$tmp_css"
cp node_modules/htmx.org/dist/htmx.min.js "$tmp_js"

mv "$tmp_css" "$static/app.css"
mv "$tmp_js" "$static/htmx.min.js"

css_gz="$(gzip -9 <"$static/app.css" | wc -c)"
js_gz="$(gzip -9 <"$static/htmx.min.js" | wc -c)"
echo "built static/app.css ($((css_gz)) bytes gzipped), static/htmx.min.js ($((js_gz)) bytes gzipped)"
