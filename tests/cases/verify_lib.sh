# verify_lib.sh: checks shared by verify_export.sh and verify_run.sh
# (sourced, not run). Each function fails the case through fail().

fail() { echo "verify: $*" >&2; exit 1; }

# GDAL's own GeoPackage validator must print nothing and exit 0.
check_gpkg_valid() {
	local validator out
	validator=$(python3 -c 'import osgeo_utils.samples.validate_gpkg as v; print(v.__file__)' 2>/dev/null ||
		ls /usr/share/doc/python3-gdal/examples/validate_gpkg.py)
	out=$(python3 "$validator" "$1" 2>&1) || fail "validate_gpkg.py: $out"
	[ -z "$out" ] || fail "validate_gpkg.py: $out"
}

# Render HTML in headless Chromium (the flags a closed network needs);
# no console errors, and a screenshot in build/screenshots/NAME.png.
check_renders() {
	local html=$1 name=$2 prof log
	command -v chromium >/dev/null || fail "chromium is not installed (make deps installs it)"
	mkdir -p build/screenshots
	prof=$(mktemp -d)
	log=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" --enable-logging=stderr --v=0 \
		--screenshot="$PWD/build/screenshots/$name.png" --window-size=1200,1600 \
		"file://$(realpath "$html")" 2>&1) || { rm -rf "$prof"; fail "chromium failed: $log"; }
	rm -rf "$prof"
	! grep -E "Uncaught|ERROR:CONSOLE" <<<"$log" || fail "console errors in $(basename "$html")"
	[ -s "build/screenshots/$name.png" ] || fail "no screenshot"
}
