#!/usr/bin/env bash
# Regenerates the Word files of crates/gongwen-parse/tests/fixtures/office/
# with the LibreOffice on this machine, so that the DOCX reader is tested on
# files an office suite wrote (styles, rsid attributes, run splits, real
# tables and numbering), not only on the minimal ones the tests write:
#   <fixture>.txt  → office/<fixture>.docx  (one paragraph a line)
#   office/*.html  → office/*.docx          (alignment, colour, bold, a list, a table)
#   scripts/office-sources/numbered-outline.fodt → office/numbered-outline.docx and .pdf
#   (automatic Chinese numbering; the source lives outside the fixtures, which
#   tests ingest as they are)
# The files are committed; CI does not need LibreOffice to read them.
set -euo pipefail
cd "$(dirname "$0")/../crates/gongwen-parse/tests/fixtures"
command -v soffice >/dev/null || { echo "需要 LibreOffice（soffice）" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
run() { soffice "-env:UserInstallation=file://$profile" --headless --norestore "$@" >/dev/null; }
run --infilter="Text (encoded):UTF8,LF,,," --convert-to docx:"MS Word 2007 XML" --outdir office heads.txt orders.txt letters.txt gazette-mini.txt
run --convert-to docx:"MS Word 2007 XML" --outdir office office/*.html
# An outline numbered by the office suite (一、 （一） 1. （1）: Chinese counting
# with prefixes in numbering.xml), as Word and as PDF (a second writer of PDFs).
run --convert-to docx:"MS Word 2007 XML" --outdir office ../../../../scripts/office-sources/numbered-outline.fodt
run --convert-to pdf --outdir office ../../../../scripts/office-sources/numbered-outline.fodt
ls -l office
