#!/bin/sh
# SIGKILL at random moments during imports and edits (issue 13). After each
# kill: the database opens, `powermap check` passes (SQLite integrity,
# references, cycles, ranges) and the state -- every table's export and the
# history -- is exactly the state before the command or the state after it.
#
# Usage: kill.sh BIN GEN GRAPHS WORKDIR [KILLS PEOPLE TIES]
set -eu
bin=$1 gen=$2 graphs=$3 work=$4
kills=${5:-30} people=${6:-5000} ties=${7:-50000}
db=$work/k.db
export POWERMAP_NOW=2026-11-28T09:00:00Z
mkdir -p "$work/g1" "$work/g2"
"$gen" --people "$people" --ties "$ties" --seed 1 --out "$work/g1" >/dev/null
"$gen" --people "$people" --ties "$ties" --seed 2 --out "$work/g2" >/dev/null

# the state of database $1 as one digest: every table and the history
state() {
	rm -rf "$work/exp"
	"$bin" --db "$1" export --dir "$work/exp" --no-progress >/dev/null
	{ cat "$work"/exp/*.csv; "$bin" --db "$1" log --json; } | md5sum | cut -c1-32
}

# the command of round $1 (as arguments to powermap)
op() {
	case $(($1 % 5)) in
	0) echo "import $work/g1/orgs.csv $work/g1/people.csv $work/g1/links.csv" ;;
	1) echo "import $work/g2/orgs.csv $work/g2/people.csv $work/g2/links.csv" ;;
	2) echo "set plan kanto-seiki goal --text round-$1" ;;
	3) echo "add interaction okubo-rei --at 2026-11-0$(($1 % 9 + 1)) --channel meeting --owner nakano-yuta --subject round-$1" ;;
	4) echo "import $graphs/demo-ja/orgs.csv $graphs/demo-ja/people.csv $graphs/demo-ja/links.csv $graphs/demo-ja/interactions.csv" ;;
	esac
}

"$bin" --db "$db" init >/dev/null
"$bin" --db "$db" import "$graphs"/demo-ja/*.csv >/dev/null 2>&1
before_n=0 after_n=0 killed=0 finished=0 i=0
while [ "$i" -lt "$kills" ]; do
	i=$((i + 1))
	cmd=$(op "$i")
	# round 1 kills a first import into an empty database
	if [ "$i" -eq 1 ]; then
		rm -f "$db" "$db-wal" "$db-shm"
		"$bin" --db "$db" init >/dev/null
		cmd=$(op 0)
	fi
	# the state after: the same command, run to the end on a copy
	rm -f "$work/copy.db"
	"$bin" --db "$db" backup "$work/copy.db" >/dev/null
	s_before=$(state "$db")
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	"$bin" --db "$work/copy.db" $cmd >/dev/null 2>&1 || true
	dur=$(( ($(date +%s%N) - t0) / 1000000 ))
	s_after=$(state "$work/copy.db")
	# the kill: somewhere in the command's run time (ms)
	at=$(awk -v d="$dur" -v s="$i" 'BEGIN { srand(s * 7919); printf "%.3f", rand() * d / 1000 }')
	# shellcheck disable=SC2086
	"$bin" --db "$db" $cmd >/dev/null 2>&1 &
	pid=$!
	sleep "$at"
	if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); else finished=$((finished + 1)); fi
	wait "$pid" 2>/dev/null || true
	if ! "$bin" --db "$db" check >"$work/check.out" 2>&1; then
		echo "kill: round $i ($cmd, killed at $at s): check failed"; cat "$work/check.out"; exit 1
	fi
	s_now=$(state "$db")
	if [ "$s_now" = "$s_before" ]; then
		before_n=$((before_n + 1))
	elif [ "$s_now" = "$s_after" ]; then
		after_n=$((after_n + 1))
	else
		echo "kill: round $i ($cmd, killed at $at s of $dur ms): neither before nor after"
		exit 1
	fi
	[ "$i" -eq 1 ] && "$bin" --db "$db" import "$graphs"/demo-ja/*.csv >/dev/null 2>&1
done
echo "kill: $kills rounds ($killed killed mid-run, $finished finished first) over imports of" \
	"$people people / $ties ties, a first import, set and add: all passed check;" \
	"$before_n left all-before, $after_n all-after, 0 in between"
