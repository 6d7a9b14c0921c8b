#!/bin/sh
# Regenerates the PDF test fixtures of crates/gongwen-pdf/tests/fixtures.
# Needs: pip install fpdf2 reportlab; apt-get install fonts-droid-fallback fonts-dejavu-core
set -e
cd "$(dirname "$0")/../../crates/gongwen-pdf/tests/fixtures"
gen=../../../../tools/pdfgen/pdfgen.py
python3 "$gen" notice.txt .
python3 "$gen" gazette.txt . --running-header 襄江市人民政府公报
# Visual cues (issue 14): a 版头 organ the lexicon does not know (with 文件,
# and alone as a 函 prints it), and a title without 文号 over a body whose
# first printed line reads like a title.
python3 "$gen" masthead-unknown.txt .
python3 "$gen" gongshi.txt . --title 1
python3 "$gen" letter-unknown.txt . --masthead 1
python3 "$gen" --bad .
# Encrypted: a user password (unreadable without it), and an owner password
# only (restrictions, readable: common for published 公文). apt-get install qpdf
qpdf --static-id --encrypt secret owner 256 -- notice-B.pdf encrypted.pdf
qpdf --static-id --encrypt "" owner 256 --print=none --modify=none -- notice-B.pdf owner-only.pdf
