#!/usr/bin/env python3
"""Typesets a 公文 or gazette text as PDF in the font setups Chinese
typesetting systems emit, for gongwen's PDF tests (issue 14).

    python3 tools/pdfgen/pdfgen.py SOURCE.txt OUTDIR [--setups A,B,C,B2] [--running-header TEXT] [--title N] [--masthead N]
    python3 tools/pdfgen/pdfgen.py --bad OUTDIR    # encrypted, owner-only, scanned

The fixtures of crates/gongwen-pdf/tests/fixtures are made by
tools/pdfgen/regenerate.sh.

Setups (what the PDF's Chinese font is):
  A   Type0, Identity-H, TrueType subset embedded, with ToUnicode (engine: fpdf2)
  B   Type0, UniGB-UCS2-H, STSong-Light not embedded, no ToUnicode (engine: own writer)
  B2  the same font setup as B, typeset by reportlab (a second engine)
  C   Type0, GBK-EUC-H, STSong-Light not embedded, no ToUnicode (engine: own writer)

The layout is GB/T 9704-like: a red, large, centred 版头 (a short line ending
in 文件 and the organ lines above it), the 文号 centred, the title centred and
large, page numbers `—N—` at the foot and, with --running-header, a running
header on every page after the first; with --title N, the first N lines
are the title of a document that prints no 文号; with --masthead N, the first
N lines are the red 版头 (a 函 or 纪要 prints the organ alone, without 文件). Lines wider than the
type area wrap. Needs: pip install fpdf2 reportlab; for setup A a CJK TrueType
font (default: Debian's fonts-droid-fallback; --ttf to choose another) and
DejaVu Sans (fonts-dejavu-core) for Latin runs.
"""

import argparse
import os
import re
import sys

PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 79.0, 74.0, 100.0, 90.0
BODY, TITLE, HEADER, SMALL = 15.0, 20.0, 30.0, 10.5
LEADING = 1.75
RED = (0.85, 0.0, 0.0)
DEFAULT_TTF = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
LATIN_TTF = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# Characters Droid Sans Fallback lacks: set in the Latin font in setup A.
LATIN_EXTRA = "—…●“”‘’·"


def is_ascii(c):
    return ord(c) < 0x80


def helv_width(c, size):
    from reportlab.pdfbase.pdfmetrics import stringWidth
    return stringWidth(c, "Helvetica", size)


def char_width(c, size):
    """Advance of one character: CJK and full-width forms 1 em, ASCII as Helvetica."""
    return helv_width(c, size) if is_ascii(c) else size


def text_width(s, size):
    return sum(char_width(c, size) for c in s)


def wrap(line, size, width):
    out, cur, w = [], "", 0.0
    for c in line:
        cw = char_width(c, size)
        if cur and w + cw > width:
            out.append(cur)
            cur, w = "", 0.0
        cur += c
        w += cw
    if cur:
        out.append(cur)
    return out or [""]


DOCNO = re.compile(r"^\S{1,12}[〔\[［(（]\s*[0-9０-９]{4}\s*[〕\]］)）]\s*[0-9０-９]+\s*号$")


def styles(lines, title=0, masthead=0):
    """(text, size, colour, centred) for each non-blank line: a short line
    ending in 文件 (and the organ lines above it) is the red 版头, a 文号 alone
    is centred, the lines after it up to the 主送 (ending in ：) are the title;
    so are the first `title` non-blank lines (a document without 文号); the
    first `masthead` non-blank lines are the 版头 (a 函 without 文件)."""
    out = []
    lines = [l.strip() for l in lines]
    head = set()
    titled = [i for i, l in enumerate(lines) if l][:title]
    head.update([i for i, l in enumerate(lines) if l][:masthead])
    for i, l in enumerate(lines):
        if l.replace(" ", "").endswith("文件") and len(l) <= 24:
            j = i
            while j >= 0 and lines[j] and len(lines[j]) <= 24 and not DOCNO.match(lines[j].replace(" ", "")):
                head.add(j)
                j -= 1
    in_title = False
    for i, l in enumerate(lines):
        if not l:
            continue
        if i in titled:
            out.append((l, TITLE, (0, 0, 0), True))
        elif DOCNO.match(l.replace(" ", "")):
            out.append((l, BODY, (0, 0, 0), True))
            in_title = True
        elif i in head:
            out.append((l, HEADER, RED, True))
        elif in_title and not l.endswith(("：", ":")) and len(out) and len(l) <= 40:
            out.append((l, TITLE, (0, 0, 0), True))
        else:
            in_title = False
            out.append((l, BODY, (0, 0, 0), False))
    return out


def layout(lines, running_header=None, title=0, masthead=0):
    """Source lines → pages of runs (x, y_baseline_from_bottom, size, text, colour)."""
    width = PAGE_W - MARGIN_L - MARGIN_R
    pages, runs, y = [], [], PAGE_H - MARGIN_T
    for text, size, colour, centred in styles(lines, title, masthead):
        if "\t" in text:
            # A tab before a TOC page number: the number goes to the right margin.
            left, _, right = text.rpartition("\t")
            left = left.replace("\t", " ")
            step = size * LEADING
            if y - step < MARGIN_B:
                pages.append(runs)
                runs, y = [], PAGE_H - MARGIN_T
            y -= step
            runs.append((MARGIN_L, y, size, left, colour))
            runs.append((PAGE_W - MARGIN_R - text_width(right, size), y, size, right, colour))
            continue
        for piece in wrap(text, size, width):
            step = size * LEADING
            if y - step < MARGIN_B:
                pages.append(runs)
                runs, y = [], PAGE_H - MARGIN_T
            y -= step
            w = text_width(piece, size)
            x = MARGIN_L + (width - w) / 2 if centred else MARGIN_L
            runs.append((x, y, size, piece, colour))
    pages.append(runs)
    for n, page in enumerate(pages, start=1):
        folio = f"—{n}—"
        page.append(((PAGE_W - text_width(folio, SMALL)) / 2, MARGIN_B - 40, SMALL, folio, (0, 0, 0)))
        if running_header and n > 1:
            page.append(((PAGE_W - text_width(running_header, SMALL)) / 2, PAGE_H - 50, SMALL, running_header, (0, 0, 0)))
    return pages


# ---- own writer: setups B and C -------------------------------------------------


def pdf_string(b):
    return b"<" + b.hex().upper().encode() + b">"


def write_raw(pages, path, setup):
    """A minimal PDF with a Type0 CJK font (not embedded, no ToUnicode) and
    Helvetica for ASCII runs, as Chinese typesetting systems write it."""
    cmap, enc = {"B": ("UniGB-UCS2-H", "utf-16-be"), "C": ("GBK-EUC-H", "gbk")}[setup]
    objs = []

    def add(body):
        objs.append(body)
        return len(objs)

    font_cjk = add(None)
    font_desc = add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
                    b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    cid_font = add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                   b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
                   b"/FontDescriptor %d 0 R /DW 1000 >>" % font_desc)
    objs[font_cjk - 1] = (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-%s /Encoding /%s "
                          b"/DescendantFonts [%d 0 R] >>" % (cmap.encode(), cmap.encode(), cid_font))
    font_latin = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_obj = add(None)
    kids = []
    for runs in pages:
        ops = []
        for x, y, size, text, colour in runs:
            ops.append(b"%.3f %.3f %.3f rg" % colour)
            cx = x
            # Runs of ASCII in Helvetica, the rest in the CJK font.
            for m in re.finditer(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
                seg = m.group(0)
                if is_ascii(seg[0]):
                    ops.append(b"BT /F2 %.2f Tf %.2f %.2f Td (%s) Tj ET" % (size, cx, y, seg.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")))
                else:
                    ops.append(b"BT /F1 %.2f Tf %.2f %.2f Td %s Tj ET" % (size, cx, y, pdf_string(seg.encode(enc))))
                cx += text_width(seg, size)
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                        % (pages_obj, PAGE_W, PAGE_H, content, font_cjk, font_latin)))
    objs[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    with open(path, "wb") as f:
        f.write(out)


# ---- fpdf2: setup A -------------------------------------------------------------


def write_fpdf2(pages, path, ttf):
    from fpdf import FPDF
    pdf = FPDF(unit="pt", format=(PAGE_W, PAGE_H))
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", "", ttf)
    # CJK fonts such as Droid Sans Fallback lack Latin digits and the dash:
    # those runs are set in a Latin TrueType font, as typesetting systems do.
    pdf.add_font("latin", "", LATIN_TTF)
    # A fixed date, so that regenerating gives the same bytes.
    import datetime
    pdf.set_creation_date(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
    for runs in pages:
        pdf.add_page()
        for x, y, size, text, colour in runs:
            pdf.set_text_color(*(int(c * 255) for c in colour))
            cx = x
            for m in re.finditer(f"[\\x00-\\x7f{LATIN_EXTRA}]+|[^\\x00-\\x7f{LATIN_EXTRA}]+", text):
                seg = m.group(0)
                pdf.set_font("latin" if seg[0] in LATIN_EXTRA or is_ascii(seg[0]) else "cjk", size=size)
                # fpdf2 measures y from the top.
                pdf.text(cx, PAGE_H - y, seg)
                cx += pdf.get_string_width(seg)
    pdf.output(path)


# ---- reportlab: setup B, second engine -------------------------------------------


def write_reportlab(pages, path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(path, pagesize=(PAGE_W, PAGE_H), invariant=1)
    for runs in pages:
        for x, y, size, text, colour in runs:
            c.setFillColorRGB(*colour)
            c.setFont("STSong-Light", size)
            c.drawString(x, y, text)
        c.showPage()
    c.save()


def write_bad(outdir):
    """Files that must give a clear message: a scan (pages with no text
    layer), and a file whose second page has none. (Encrypted files are made
    by qpdf in regenerate.sh.)"""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def page_of_text(c):
        c.setFont("STSong-Light", 16)
        c.drawString(80, 700, "襄江市人民政府关于测试扫描文件的通知")
        c.drawString(80, 670, "襄政〔2024〕1号")

    def page_of_image(c):
        c.rect(80, 200, 400, 500, fill=1)

    def save(name, pages):
        path = os.path.join(outdir, name)
        c = canvas.Canvas(path, pagesize=(PAGE_W, PAGE_H), invariant=1)
        for draw in pages:
            draw(c)
            c.showPage()
        c.save()
        print(path, os.path.getsize(path), "bytes")

    save("scan.pdf", [page_of_image, page_of_image])
    save("half-scan.pdf", [page_of_text, page_of_image])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bad", metavar="OUTDIR", help="write the bad-input files into OUTDIR")
    ap.add_argument("source", nargs="?", help="a UTF-8 text")
    ap.add_argument("outdir", nargs="?")
    ap.add_argument("--setups", default="A,B,B2,C")
    ap.add_argument("--ttf", default=DEFAULT_TTF)
    ap.add_argument("--running-header", help="printed at the top of every page after the first")
    ap.add_argument("--title", type=int, default=0, metavar="N", help="the first N lines are the title (a document without 文号)")
    ap.add_argument("--masthead", type=int, default=0, metavar="N", help="the first N lines are the red 版头 (a 函 without 文件)")
    a = ap.parse_args()
    if a.bad:
        os.makedirs(a.bad, exist_ok=True)
        write_bad(a.bad)
        return
    if not (a.source and a.outdir):
        ap.error("SOURCE and OUTDIR are needed")
    with open(a.source, encoding="utf-8") as f:
        lines = f.read().split("\n")
    pages = layout(lines, a.running_header, a.title, a.masthead)
    stem = os.path.splitext(os.path.basename(a.source))[0]
    os.makedirs(a.outdir, exist_ok=True)
    for setup in a.setups.split(","):
        path = os.path.join(a.outdir, f"{stem}-{setup}.pdf")
        if setup == "A":
            write_fpdf2(pages, path, a.ttf)
        elif setup == "B2":
            write_reportlab(pages, path)
        elif setup in ("B", "C"):
            write_raw(pages, path, setup)
        else:
            sys.exit(f"unknown setup {setup}")
        print(path, os.path.getsize(path), "bytes", len(pages), "pages")


if __name__ == "__main__":
    main()
