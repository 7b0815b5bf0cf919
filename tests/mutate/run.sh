#!/usr/bin/env bash
# run.sh [FILTER]: mutation testing (`make mutate`). Plants the one-line
# bugs listed in tests/mutate/mutants.txt one at a time in a scratch copy
# of the tree (never the working tree), rebuilds, runs the tests and
# prints, per mutant, "killed" (some test failed: the suite would have
# caught the bug) or "SURVIVED" (every test passed: nothing checks that
# number), then the score = killed / (killed + survived).
#
# mutants.txt: one mutant a line, four fields separated by " @@ "
#   KIND @@ FILE @@ ANCHOR @@ REPLACEMENT
# ANCHOR is an exact substring that must occur exactly once in FILE; it
# is replaced by REPLACEMENT. Anchoring by content rather than by line
# number lets the list survive other edits: an anchor found 0 or 2+ times
# is reported "stale" (listed so someone updates it, not scored). A
# mutant that does not compile is "invalid" (not scored either). Lines
# starting with # and blank lines are ignored.
#
# Speed: one -O0 build of the scratch copy, then per mutant only the
# mutated file is recompiled and the two programs relinked; tests run
# cheapest-and-closest first (the unit suite of the mutated module, the
# hand-computed cases, the other suites, the other CLI cases, the slow
# rendering cases last) and stop at the first failure. Each test program
# gets MUTATE_TIMEOUT seconds (default 300): a mutant that loops forever
# is killed by the timeout, as a hung test would be noticed.
#
# FILTER (optional): run only the mutants whose line in mutants.txt
# contains it (e.g. `bash tests/mutate/run.sh eval.c`).
# MUTATE_KEEP=1 keeps the scratch folder (its path is printed).
# MUTATE_TRUST=1 skips the run of the unmutated tree (when rerunning a
# few mutants on a tree known to pass).
# MUTATE_SKIP="case ..." leaves those CLI cases out (a quick look while
# writing tests, e.g. the three slow rendering cases; the score is then
# only indicative and says so).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
list=$root/tests/mutate/mutants.txt
filter=${1:-}
timeout_s=${MUTATE_TIMEOUT:-300}
jobs=${MUTATE_JOBS:-2}
# As tests/run_all.sh: Check's 4 s default is too short on a loaded
# machine, and a timeout would look like a kill.
export CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-60}

work=$(mktemp -d /tmp/estate-mutate.XXXXXX)
cleanup() { [ -n "${MUTATE_KEEP:-}" ] && echo "scratch kept: $work" || rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# The tree as it is now (uncommitted edits included), without build
# products or run outputs.
tree=$work/tree
mkdir "$tree"
tar -C "$root" --exclude=./build --exclude=./build-san --exclude=./output \
	--exclude=./.git --exclude='./scenarios/*/output' -cf - . | tar -C "$tree" -xf -
cd "$tree" || exit 2

build() {
	make -s -j"$jobs" CFLAGS="-O0 -g" estate build/test_runner >"$work/build.log" 2>&1
}

echo "mutate: building the scratch copy ($tree) at -O0"
start=$(date +%s)
build || { echo "mutate: the unmutated tree does not build"; cat "$work/build.log"; exit 2; }

suites=$(sed -n '/Suite \*(\*suites\[\])(void) = {/,/};/p' tests/unit/runner.c |
	grep -o 'suite_[a-z_]*' | sed 's/^suite_//')
slow_cases=""
for n in run_maps_mini export_edinburgh export_mini; do
	case " ${MUTATE_SKIP:-} " in *" $n "*) ;; *) slow_cases="$slow_cases $n" ;; esac
done
hand_cases=$(cd tests/cases && ls -d *hand* 2>/dev/null)
other_cases=""
for d in tests/cases/*/; do
	n=${d%/}
	n=${n##*/}
	[ -f "$d/cmd" ] || continue
	case " $slow_cases $hand_cases ${MUTATE_SKIP:-} " in *" $n "*) continue ;; esac
	other_cases="$other_cases $n"
done

# The unit suites closest to a source file, by module.
suites_for() {
	case "$1" in
	src/scenario/*) echo scenario ;;
	src/model/*) echo model ;;
	src/net/*) echo "net net_read travel" ;;
	src/load/*) echo load ;;
	src/io/*) echo "io_csv io_geojson io_db io_study" ;;
	src/report/*) echo report ;;
	src/geo/*) echo geo ;;
	src/core/*) echo core ;;
	esac
}

# Runs the tests in order; prints the first failing one and returns 1,
# or returns 0 when all pass. $1: the mutated file.
run_tests() {
	local near s c ran=" "
	near=$(suites_for "$1")
	for s in $near numbers $suites; do
		case "$ran" in *" $s "*) continue ;; esac
		ran="$ran$s "
		timeout "$timeout_s" build/test_runner "$s" >/dev/null 2>&1 || { echo "unit:$s"; return 1; }
	done
	for c in $hand_cases $other_cases $slow_cases; do
		ESTATE=$tree/estate timeout "$timeout_s" bash tests/cases/run.sh "$c" >/dev/null 2>&1 ||
			{ echo "case:$c"; return 1; }
	done
	return 0
}

# The suite must pass before any mutant: otherwise every mutant would
# look killed.
echo "mutate: running the tests on the unmutated copy"
if [ -n "${MUTATE_TRUST:-}" ] || first=$(run_tests none); then :; else
	echo "mutate: the unmutated tree fails $first: fix it first"
	exit 2
fi

killed=0 survived=0 stale=0 invalid=0 n=0
survivors=""
while IFS= read -r line || [ -n "$line" ]; do
	n=$((n + 1))
	case "$line" in '' | '#'*) continue ;; esac
	[ -z "$filter" ] || case "$line" in *"$filter"*) ;; *) continue ;; esac
	kind=${line%% @@ *}
	rest=${line#* @@ }
	file=${rest%% @@ *}
	rest=${rest#* @@ }
	anchor=${rest%% @@ *}
	repl=${rest#* @@ }
	label=$(printf '%-4s %-22s %s' "#$n" "$kind" "$file")
	if [ ! -f "$file" ]; then
		echo "stale     $label: no such file"
		stale=$((stale + 1))
		continue
	fi
	cp "$file" "$work/orig"
	# Exact substring, exactly once: python does no regex here.
	count=$(ANCHOR=$anchor REPL=$repl python3 -c '
import os, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
# \n and \t in the list stand for a newline and a tab (an anchor may
# need the next line to be unique).
a, r = (os.environ[k].replace("\\n", "\n").replace("\\t", "\t") for k in ("ANCHOR", "REPL"))
c = s.count(a)
if c == 1:
    open(p, "w", encoding="utf-8").write(s.replace(a, r, 1))
print(c)' "$file")
	if [ "$count" != 1 ]; then
		echo "stale     $label: anchor found $count times: $anchor"
		stale=$((stale + 1))
		continue
	fi
	if ! build; then
		echo "invalid   $label: does not compile"
		invalid=$((invalid + 1))
	elif by=$(run_tests "$file"); then
		echo "SURVIVED  $label: $anchor -> $repl"
		survived=$((survived + 1))
		survivors="$survivors #$n"
	else
		echo "killed    $label (by $by)"
		killed=$((killed + 1))
	fi
	# Restore, newer than its object, so the next build recompiles it.
	cp "$work/orig" "$file"
	touch "$file"
done <"$list"

scored=$((killed + survived))
if [ "$scored" -gt 0 ]; then
	pct=$(awk -v k="$killed" -v s="$scored" 'BEGIN { printf "%.1f", 100 * k / s }')
else
	pct=0
fi
echo "mutate: $killed killed, $survived survived, $stale stale, $invalid invalid;" \
	"score $killed/$scored = $pct % ($(($(date +%s) - start)) s)"
[ -z "$survivors" ] || echo "mutate: survivors:$survivors"
[ -z "${MUTATE_SKIP:-}" ] || echo "mutate: cases skipped (MUTATE_SKIP): ${MUTATE_SKIP}: the score is indicative only"
[ "$stale" = 0 ] || echo "mutate: update the stale anchors in tests/mutate/mutants.txt"
