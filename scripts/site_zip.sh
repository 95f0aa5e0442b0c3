#!/usr/bin/env bash
# The HTML site as one zip for offline reading (a GitHub Release's asset, a plan B when the network fails):
# unzip it anywhere and open economie-sociale-2-0/index.html in a browser; the PDF book is inside when the
# build made it. Usage: bash scripts/site_zip.sh [SITE_DIR] [ZIP]
# (defaults: _build/html and _build/economie-sociale-2-0-site.zip). Run after scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
site=${1:-_build/html}
out=${2:-_build/economie-sociale-2-0-site.zip}
if [ ! -f "$site/index.html" ]; then
  echo "site_zip: $site/index.html is missing: build the book first (bash scripts/build.sh)" >&2
  exit 1
fi
# Python's zipfile rather than zip(1), which a minimal Debian lacks. Entries in sorted order under one
# folder, so that unzipping never scatters files; Sphinx's build state (.buildinfo, .doctrees) left out.
python3 - "$site" "$out" <<'PY'
import os, sys, zipfile
site, out = sys.argv[1], sys.argv[2]
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
count = 0
with zipfile.ZipFile(out + ".part", "w", zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(f for f in files if not f.startswith(".")):
            path = os.path.join(folder, name)
            z.write(path, os.path.join("economie-sociale-2-0", os.path.relpath(path, site)))
            count += 1
os.replace(out + ".part", out)
print(f"site_zip: {out}: {count} files, {os.path.getsize(out) / 1e6:.1f} MB")
PY
