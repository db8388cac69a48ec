#!/usr/bin/env bash
# Regenerate the page pictures in docs/ (shown in the README) from a fresh build. Needs poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
export SOURCE_DATE_EPOCH=1767225600
reportgen build investor --format pdf --out "$out" >/dev/null
reportgen build sdg --format pdf --out "$out" >/dev/null
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$out/investor.en.pdf" docs/investor-en-cover
pdftoppm -png -r 70 -f 3 -l 3 -singlefile "$out/investor.en.pdf" docs/investor-en-page3
pdftoppm -png -r 70 -f 3 -l 3 -singlefile "$out/investor.zh.pdf" docs/investor-zh-page3
pdftoppm -png -r 70 -f 5 -l 5 -singlefile "$out/sdg.en.pdf" docs/sdg-en-page5
pdftoppm -png -r 70 -f 6 -l 6 -singlefile "$out/sdg.zh.pdf" docs/sdg-zh-page6
echo "page images written to docs/"
