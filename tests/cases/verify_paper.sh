#!/usr/bin/env bash
# verify_paper.sh HTML MAXPAGES WORDS...
# Checks the board paper (summary.html) as its readers get it:
#  - printed to A4 PDF by headless Chromium: at most MAXPAGES pages
#    (pdfinfo), A4, no page without text (no blank first page, no page
#    holding only a stray caption: at least 20 words on each, pdftotext),
#    page numbers "page N of M" from the page's @page margin boxes, and
#    each of WORDS (the summary, caveats, glossary, attribution ...) in
#    the extracted text;
#  - rendered 390 px wide (a phone; the page inside an iframe of that
#    width, as headless Chromium keeps windows wider than 390 px): the
#    page's own scrollWidth, measured by a script in the wrapper (the
#    page itself has none), is at most 390, so nothing runs off the
#    screen. A control page with a 600 px block must measure wider, so
#    the measurement itself is checked.
# Without Chromium the checks are skipped with a message (make test
# installs it); without poppler-utils the page count comes from the PDF's
# /Type /Page objects and the text checks are skipped with a message.
set -eu
html=$1 maxpages=$2
shift 2
. "$(dirname "$0")/verify_lib.sh"
[ -f "$html" ] || fail "no $html"
if ! command -v chromium >/dev/null; then
	echo "verify_paper: skipped: chromium is not installed (make deps installs it)" >&2
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chrome() {
	timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$tmp/profile" "$@" 2>"$tmp/chrome.log"
}

# ---- A4 print
cp "$html" "$tmp/paper.html"
chrome --no-pdf-header-footer --print-to-pdf="$tmp/paper.pdf" "file://$tmp/paper.html" >/dev/null ||
	fail "chromium could not print: $(tail -3 "$tmp/chrome.log")"
[ -s "$tmp/paper.pdf" ] || fail "no PDF printed"
if command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null; then
	pages=$(pdfinfo "$tmp/paper.pdf" | awk '/^Pages:/ { print $2 }')
	pdfinfo "$tmp/paper.pdf" | grep -q '^Page size: *59[45]\.[0-9]* x 84[12]\.[0-9]* pts (A4)' ||
		fail "not A4: $(pdfinfo "$tmp/paper.pdf" | grep '^Page size')"
	for ((p = 1; p <= pages; p++)); do
		words=$(pdftotext -f "$p" -l "$p" "$tmp/paper.pdf" - | wc -w)
		[ "$words" -ge 20 ] || fail "page $p of $pages has $words words: an empty or stray page"
		pdftotext -f "$p" -l "$p" "$tmp/paper.pdf" - | grep -q "page $p of $pages" ||
			fail "page $p has no page number"
	done
	pdftotext -f 1 -l 1 "$tmp/paper.pdf" - | grep -q '^Summary$' || fail "page 1 does not open with the summary"
	pdftotext "$tmp/paper.pdf" "$tmp/paper.txt"
	for w in "$@"; do
		grep -qF -- "$w" "$tmp/paper.txt" || fail "the printed paper lacks '$w'"
	done
else
	echo "verify_paper: pdfinfo/pdftotext missing (make deps installs poppler-utils): page count from the PDF, text not checked" >&2
	pages=$(python3 -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1], "rb").read())))' "$tmp/paper.pdf")
fi
[ "$pages" -ge 1 ] && [ "$pages" -le "$maxpages" ] || fail "printed on $pages A4 pages, expected 1 to $maxpages"
echo "verify_paper: $pages A4 pages" >&2

# ---- a 390 px phone
measure() {
	cat >"$tmp/phone.html" <<EOF
<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="$1" style="width:390px;height:844px;border:0"></iframe>
<script>
/* The window's load waits for the frame's document (the frame's own
 * first load event can be its initial about:blank). */
window.addEventListener("load", function () {
	var d = document.getElementById("f").contentDocument.documentElement,
	    o = document.createElement("pre");
	o.id = "measured";
	o.textContent = "scrollWidth=" + d.scrollWidth + ";";
	document.body.appendChild(o);
});
</script></body></html>
EOF
	chrome --allow-file-access-from-files --window-size=390,844 --virtual-time-budget=10000 \
		--dump-dom "file://$tmp/phone.html" | sed -n 's/.*scrollWidth=\([0-9]*\);.*/\1/p'
}
printf '<!DOCTYPE html><html><body><div style="width:600px">wide</div></body></html>\n' \
	>"$tmp/wide.html"
control=$(measure wide.html)
[ -n "$control" ] && [ "$control" -gt 390 ] || fail "the phone measurement does not work (control page: '$control')"
width=$(measure paper.html)
[ -n "$width" ] || fail "no phone measurement of the page"
[ "$width" -le 390 ] || fail "at 390 px the page is $width px wide: it runs off a phone's screen"
echo "verify_paper: 390 px phone: scrollWidth $width (control $control)" >&2
