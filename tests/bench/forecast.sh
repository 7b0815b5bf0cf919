#!/bin/sh
# forecast.sh: the forecast accuracy benchmark of README.md ("estate
# backtest"): each study forecast one year ahead (base 2022 -> 2023) and
# three years ahead (2020 -> 2023), printed in full, then the README's
# markdown table. Studies: the bundled Edinburgh and Northern Alliance
# studies as they are (both forecast by cohort survival), and all of
# Scotland (tests/bench/forecast_scotland.ini, the same bundled national
# files). Run from the repository root after make:
#     sh tests/bench/forecast.sh
set -e
ESTATE=${ESTATE:-./estate}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
set -- "Edinburgh" scenarios/edinburgh/study.ini \
	"Northern Alliance" scenarios/northern-alliance/study.ini \
	"Scotland" tests/bench/forecast_scotland.ini
i=0
while [ $# -ge 2 ]; do
	i=$((i + 1))
	echo "$1" > "$tmp/name$i"
	"$ESTATE" backtest "$2" --base 2022 --years 1 > "$tmp/1_$i"
	"$ESTATE" backtest "$2" --base 2020 --years 3 > "$tmp/3_$i"
	cat "$tmp/1_$i" "$tmp/3_$i"
	shift 2
done
echo "| study | test | sector | schools | median abs error %: estate / persistence / council progression | mean abs error % (estate) | bias % (estate) | within 5 % / 10 % (estate) | study total error %: estate / persistence / progression | 80 % range covers |"
echo "|---|---|---|---|---|---|---|---|---|---|"
j=1
while [ $j -le $i ]; do
	for f in 1 3; do
		awk -v s="$(cat "$tmp/name$j")" -v t="$( [ $f = 1 ] && echo '2022 -> 2023' || echo '2020 -> 2023')" '
		/^(primary|secondary): [0-9]+ schools/ { sec = $1; sub(":", "", sec); n = $2 }
		/^  estate \(cohort survival\)/ { em = $4; emean = $5; eb = $6; w5 = $7; w10 = $9; et = $11; cov = $12 }
		/^  persistence / { pm = $2; pt = $(NF-1) }
		/^  council progression / { cm = $3; ct = $(NF-1);
			printf "| %s | %s | %s | %s | %s / %s / %s | %s | %s | %s / %s %% | %s / %s / %s | %s %% |\n",
			       s, t, sec, n, em, pm, cm, emean, eb, w5, w10, et, pt, ct, cov }
		' "$tmp/${f}_$j"
	done
	j=$((j + 1))
done
