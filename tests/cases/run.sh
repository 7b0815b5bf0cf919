#!/usr/bin/env bash
# run.sh: end-to-end CLI cases. Each folder tests/cases/NAME/ holds
#   cmd              one shell command, run from the repository root, with
#                    $ESTATE (the binary), $OUT (a fresh empty folder),
#                    $CASE (this folder), $DATA (tests/data), $WORK (a
#                    scratch folder) and $MINI (tests/data/mini, absolute)
#   exit             expected exit status (default 0)
#   stderr           expected standard error, exactly (optional)
#   stdout           expected standard output, exactly (optional)
#   stdout.contains  lines that must each appear in standard output
#   files            names that must exist in $OUT afterwards; without this
#                    file $OUT must stay empty (nothing written)
#   verify           shell commands run afterwards (same variables); they
#                    must exit 0, e.g. diff "$CASE/expected.csv" "$OUT/x.csv"
# Ends with "cases: N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
: "${ESTATE:=$PWD/estate}"
DATA=tests/data
MINI=$PWD/tests/data/mini
pass=0
fail=0
only=${1:-}

for dir in tests/cases/*/; do
	# No subshell: a fork per folder costs seconds on a loaded machine,
	# and `make mutate` runs one case at a time.
	name=${dir%/}
	name=${name##*/}
	[ -f "$dir/cmd" ] || continue
	[ -z "$only" ] || [ "$only" = "$name" ] || continue
	CASE=${dir%/}
	OUT=$(mktemp -d)
	WORK=$(mktemp -d)
	got_out=$(mktemp)
	got_err=$(mktemp)
	ESTATE="$ESTATE" OUT="$OUT" CASE="$CASE" DATA="$DATA" WORK="$WORK" MINI="$MINI" \
		bash -c "$(cat "$dir/cmd")" >"$got_out" 2>"$got_err" </dev/null
	rc=$?
	want_rc=0
	[ -f "$dir/exit" ] && want_rc=$(tr -d '[:space:]' <"$dir/exit")
	why=""
	if [ "$rc" != "$want_rc" ]; then
		why="exit $rc, expected $want_rc"
	elif [ -f "$dir/stderr" ] && ! diff -u "$dir/stderr" "$got_err" >/dev/null; then
		why="stderr differs: $(diff -u "$dir/stderr" "$got_err" | tail -n +3 | head -8 | tr '\n' '|')"
	elif [ -f "$dir/stdout" ] && ! diff -u "$dir/stdout" "$got_out" >/dev/null; then
		why="stdout differs: $(diff -u "$dir/stdout" "$got_out" | tail -n +3 | head -8 | tr '\n' '|')"
	elif [ -f "$dir/stdout.contains" ]; then
		while IFS= read -r line; do
			[ -n "$line" ] || continue
			grep -qF -- "$line" "$got_out" || { why="stdout lacks: $line"; break; }
		done <"$dir/stdout.contains"
	fi
	if [ -z "$why" ]; then
		if [ -f "$dir/files" ]; then
			while IFS= read -r f; do
				[ -n "$f" ] || continue
				[ -e "$OUT/$f" ] || { why="missing output $f"; break; }
			done <"$dir/files"
		elif [ -n "$(ls -A "$OUT")" ]; then
			why="wrote files although it should not: $(ls -A "$OUT" | tr '\n' ' ')"
		fi
	fi
	if [ -z "$why" ] && [ -f "$dir/verify" ]; then
		vout=$(ESTATE="$ESTATE" OUT="$OUT" CASE="$CASE" DATA="$DATA" WORK="$WORK" MINI="$MINI" \
			bash -c "$(cat "$dir/verify")" 2>&1) || why="verify failed: $(echo "$vout" | head -8 | tr '\n' '|')"
	fi
	if [ -z "$why" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name: $why"
		sed 's/^/    stderr: /' "$got_err" | head -5
	fi
	rm -rf "$OUT" "$WORK" "$got_out" "$got_err"
done
echo "cases: $pass passed, $fail failed"
[ "$fail" = 0 ]
