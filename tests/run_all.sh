#!/usr/bin/env bash
# run_all.sh RUNNER ESTATE: the unit suites, the CLI cases, then the
# PostGIS checks (tests/pg/run.sh: a real PostgreSQL server, skipped with
# a "pg: SKIP" line when its binaries are absent); ends with one plain
# "tests: N passed, N failed" line summing them.
# VALGRIND, when set, is a command prefix for every program run (the
# PostGIS checks' estate runs too; psql and the server run as they are).
set -u
runner=$1
estate=$2
cd "$(dirname "$0")/.." || exit 2
# Cases run in scratch folders: give them the binary's absolute path.
estate=$(realpath "$estate")

# Check stops a test after 4 s by default; a loaded machine (CI shares its
# two cores) needs more for the Edinburgh-sized tests.
export CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-60}
unit_out=$(mktemp)
${VALGRIND:-} "$runner" 2>&1 | tee "$unit_out"
unit_rc=${PIPESTATUS[0]}
up=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$unit_out")
uf=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$unit_out")
rm -f "$unit_out"
# A runner that died before its summary counts as one failure.
[ -n "$up" ] || { up=0; uf=1; }
[ "$unit_rc" = 0 ] || [ "$uf" != 0 ] || uf=1

cases_out=$(mktemp)
ESTATE="${VALGRIND:+$VALGRIND }$estate" bash tests/cases/run.sh 2>&1 | tee "$cases_out"
cp=$(sed -n 's/^cases: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$cases_out")
cf=$(sed -n 's/^cases: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$cases_out")
rm -f "$cases_out"
[ -n "$cp" ] || { cp=0; cf=1; }

pg_out=$(mktemp)
bash tests/pg/run.sh "${VALGRIND:+$VALGRIND }$estate" 2>&1 | tee "$pg_out"
pp=$(sed -n 's/^pg: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$pg_out")
pf=$(sed -n 's/^pg: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$pg_out")
# Skipped only when it says so; a script that died is one failure.
if grep -q '^pg: SKIP' "$pg_out"; then
	pp=0; pf=0
elif [ -z "$pp" ]; then
	pp=0; pf=1
fi
rm -f "$pg_out"

passed=$((up + cp + pp))
failed=$((uf + cf + pf))
echo "tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
