#!/bin/sh
# forecast.sh: the forecast accuracy benchmark of README.md ("estate
# backtest"): the Edinburgh demo study forecast one year ahead (base 2022
# -> 2023) and three years ahead (2020 -> 2023), printed in full and then
# as the README's markdown table. Run from the repository root after make:
#     sh tests/bench/forecast.sh
set -e
ESTATE=${ESTATE:-./estate}
STUDY=${STUDY:-scenarios/edinburgh/study.ini}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$ESTATE" backtest "$STUDY" --base 2022 --years 1 > "$tmp/1"
"$ESTATE" backtest "$STUDY" --base 2020 --years 3 > "$tmp/3"
cat "$tmp/1" "$tmp/3"
echo "| test | sector | schools | median abs error %: estate / persistence / council progression | mean abs error % (estate) | bias % (estate) | within 5 % / 10 % (estate) | council total error %: estate / persistence / progression | 80 % range covers |"
echo "|---|---|---|---|---|---|---|---|---|"
for f in 1 3; do
	awk -v t="$( [ $f = 1 ] && echo '2022 -> 2023' || echo '2020 -> 2023')" '
	/^(primary|secondary): [0-9]+ schools/ { sec = $1; sub(":", "", sec); n = $2 }
	/^  estate \(cohort survival\)/ { em = $4; emean = $5; eb = $6; w5 = $7; w10 = $9; et = $11; cov = $12 }
	/^  persistence / { pm = $2; pt = $(NF-1) }
	/^  council progression / { cm = $3; ct = $(NF-1);
		printf "| %s | %s | %s | %s / %s / %s | %s | %s | %s / %s %% | %s / %s / %s | %s %% |\n",
		       t, sec, n, em, pm, cm, emean, eb, w5, w10, et, pt, ct, cov }
	' "$tmp/$f"
done
