#!/usr/bin/env bash
# Regenerate the page pictures in docs/ (shown in the README) from a fresh build. Needs poppler-utils.
# The pages: each brief's opening (key messages right after the cover), the SDG brief's lessons for other
# cities, the investor brief's last page (references, then the closing panel: next step, contact, colophon) and a sector variant's cover; and
# a sheet of every page of each main output and of the energy variant.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
export SOURCE_DATE_EPOCH=1767225600
reportgen build investor --format pdf --out "$out" >/dev/null
reportgen build sdg --format pdf --out "$out" >/dev/null
reportgen build investor-energy --format pdf --out "$out" >/dev/null
page() {   # page PDF NUMBER NAME
  pdftoppm -png -r 70 -f "$2" -l "$2" -singlefile "$out/$1" "docs/$3"
}
page investor.en.pdf 1 investor-en-cover
page investor.en.pdf 2 investor-en-page2
page investor.zh.pdf 2 investor-zh-page2
page sdg.en.pdf 2 sdg-en-page2
page sdg.en.pdf 5 sdg-en-page5
page sdg.zh.pdf 2 sdg-zh-page2
page investor.en.pdf "$(pdfinfo "$out/investor.en.pdf" | awk '/^Pages:/ {print $2}')" investor-en-closing
page investor-energy.en.pdf 1 investor-energy-en-cover
for output in investor.en investor.zh sdg.en sdg.zh investor-energy.en investor-energy.zh; do   # every page
  python scripts/contact_sheet.py "$out/$output.pdf" "docs/pages-$output.png"
done
echo "page images written to docs/"
