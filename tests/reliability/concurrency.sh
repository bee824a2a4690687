#!/bin/sh
# Writers, readers and an importer on one database at once (issue 13).
# Checks: no command fails, no "locked"/"busy" message reaches the user
# within the documented wait, no write is lost (every `set` is in the
# history with its value, every `add interaction` is stored), and the
# database passes `powermap check` afterwards. Prints the figures.
#
# Usage: concurrency.sh BIN GEN GRAPHS WORKDIR [PEOPLE TIES ROUNDS WAIT]
# WAIT (seconds, default: powermap's 60) is how long a command waits for the
# write lock: an import holds it for its whole run, so WAIT must exceed the
# importer's longest import (at 2M ties an update import takes ~100 s).
set -eu
bin=$1 gen=$2 graphs=$3 work=$4
people=${5:-30000} ties=${6:-300000} rounds=${7:-40}
[ -n "${8:-}" ] && export POWERMAP_WAIT="$8"
db=$work/c.db
mkdir -p "$work/g1" "$work/g2" "$work/logs"
pm() { "$bin" --db "$db" "$@"; }

"$gen" --people "$people" --ties "$ties" --seed 1 --out "$work/g1" >/dev/null
"$gen" --people "$people" --ties "$ties" --seed 2 --out "$work/g2" >/dev/null
pm init >/dev/null
pm import "$graphs"/demo-ja/*.csv >/dev/null 2>&1
pm import "$work"/g1/*.csv >/dev/null 2>&1

# the importer: a second network over the first (an update of a full
# database), then the first again: it holds the write lock for seconds
importer() {
	start=$(date +%s.%N)
	pm import "$work"/g2/*.csv >"$work/logs/import.out" 2>&1 || echo "import failed" >>"$work/logs/fail"
	pm import "$work"/g1/*.csv >>"$work/logs/import.out" 2>&1 || echo "import failed" >>"$work/logs/fail"
	echo "$start $(date +%s.%N)" >"$work/logs/import.time"
}

# a writer: plan sections, interactions and action edits, each checked afterwards
writer() {
	w=$1 i=0
	while [ "$i" -lt "$rounds" ]; do
		i=$((i + 1))
		section=strengths
		[ "$w" -eq 2 ] && section=weaknesses
		if pm set plan kanto-seiki "$section" --text "w$w-$i" >/dev/null 2>>"$work/logs/w$w.err"; then
			echo "w$w-$i" >>"$work/logs/w$w.sets"
		else
			echo "set w$w-$i" >>"$work/logs/fail"
		fi
		if pm add interaction okubo-rei --at "2026-10-$(printf %02d $((i % 28 + 1)))T0$w:00:00" \
			--channel call --direction both --owner nakano-yuta --subject "w$w-$i" \
			>/dev/null 2>>"$work/logs/w$w.err"; then
			echo "w$w-$i" >>"$work/logs/w$w.adds"
		else
			echo "add w$w-$i" >>"$work/logs/fail"
		fi
		pm action start 1 >/dev/null 2>>"$work/logs/w$w.err" || echo "action w$w-$i" >>"$work/logs/fail"
	done
}

# a reader: rank, paths, next (two connections on one snapshot while the
# writers commit) and a report, each must succeed
reader() {
	r=$1 i=0
	while [ "$i" -lt "$rounds" ]; do
		i=$((i + 1))
		pm rank kanto-seiki --top 5 >/dev/null 2>>"$work/logs/r$r.err" || echo "rank r$r-$i" >>"$work/logs/fail"
		pm paths okubo-rei -k 2 >/dev/null 2>>"$work/logs/r$r.err" || echo "paths r$r-$i" >>"$work/logs/fail"
		pm next kanto-seiki --top 5 >/dev/null 2>>"$work/logs/r$r.err" || echo "next r$r-$i" >>"$work/logs/fail"
		if [ $((i % 8)) -eq 0 ]; then
			pm report kanto-seiki -o "$work/r$r.html" >/dev/null 2>>"$work/logs/r$r.err" ||
				echo "report r$r-$i" >>"$work/logs/fail"
		fi
		echo x >>"$work/logs/r$r.count"
	done
}

t0=$(date +%s.%N)
echo "concurrency: set-up done" >&2
importer &
sleep 0.3
writer 1 & writer 2 & reader 1 & reader 2 &
wait
t1=$(date +%s.%N)

fails=0
[ -f "$work/logs/fail" ] && fails=$(wc -l <"$work/logs/fail")
locked=$(cat "$work"/logs/*.err 2>/dev/null | grep -c -i -E "locked|busy" || true)
sets=$(cat "$work"/logs/w*.sets 2>/dev/null | wc -l)
adds=$(cat "$work"/logs/w*.adds 2>/dev/null | wc -l)
reads=$(cat "$work"/logs/r*.count 2>/dev/null | wc -l)
# every successful set is in the history; every successful add is stored
lost=0
pm log --json >"$work/logs/history.json"
for v in $(cat "$work"/logs/w*.sets 2>/dev/null); do
	grep -q "\"$v\"" "$work/logs/history.json" || lost=$((lost + 1))
done
stored=$(pm list interactions --json | grep -c '"subject": "w[12]-' || true)
[ "$stored" -eq "$adds" ] || lost=$((lost + adds - stored))
pm check >"$work/logs/check.out" 2>&1 || { echo "check failed:"; cat "$work/logs/check.out"; fails=$((fails + 1)); }

echo "concurrency: importer (2 imports of $people people, $ties ties) + 2 writers + 2 readers," \
	"$(awk "BEGIN{printf \"%.1f\", $t1-$t0}") s; wait for the lock ${POWERMAP_WAIT:-60} s"
echo "concurrency: $sets sets, $adds interactions added, $((rounds * 2)) action edits," \
	"$reads reader rounds ($((reads * 3)) rank/paths/next runs); failed: $fails;" \
	"locked/busy messages: $locked; lost writes: $lost"
[ "$fails" -eq 0 ] && [ "$locked" -eq 0 ] && [ "$lost" -eq 0 ] || {
	cat "$work/logs/fail" 2>/dev/null | head -20
	cat "$work"/logs/*.err 2>/dev/null | head -20
	exit 1
}
