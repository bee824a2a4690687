#!/bin/sh
# Hostile inputs (issue 13): each must end in a clear error or a correct
# answer, within bounded time and memory, and never in a crash. Prints one
# line per input: what, exit code, seconds, peak memory.
# Usage: hostile.sh BIN WORKDIR [small|large|tiny]   (tiny: under the sanitizers)
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") work=$2 size=${3:-small}
case $size in
large) line_mb=100 chain=100000 org=200000 hub=1000000 limit_s=60 imp_s=300 hub_s=2 next_s=5 ;;
tiny) line_mb=2 chain=2000 org=2500 hub=2000 limit_s=120 imp_s=120 hub_s=60 next_s=60 ;;   # make asan
*) line_mb=5 chain=20000 org=20000 hub=20000 limit_s=30 imp_s=30 hub_s=2 next_s=5 ;;
esac
mkdir -p "$work"
cd "$work"
fails=0

# run WHAT MAX_SECONDS EXPECT(ok|error) CMD...: the exit code must be 0 (ok)
# or 1 (error, with a message), within MAX_SECONDS; never a signal
run() {
	what=$1 max=$2 expect=$3
	shift 3
	/usr/bin/time -f "%e %M" -o time.txt "$@" >out.txt 2>err.txt && rc=0 || rc=$?
	set -- $(tail -1 time.txt)
	secs=$1 kb=$2
	ok=1
	case $expect in
	ok) [ "$rc" -eq 0 ] || ok=0 ;;
	error) { [ "$rc" -eq 1 ] && grep -q "error" err.txt; } || ok=0 ;;
	esac
	awk -v s="$secs" -v m="$max" 'BEGIN { exit !(s <= m) }' || ok=0
	printf 'hostile: %-44s exit %d, %6.2f s, %5d MB%s\n' "$what" "$rc" "$secs" $((kb / 1024)) \
		"$([ $ok -eq 1 ] || echo '  <-- FAILED')"
	if [ $ok -ne 1 ]; then
		fails=$((fails + 1))
		head -c 600 err.txt
	fi
}

rm -f h.db h.db-wal h.db-shm
"$bin" --db h.db init >/dev/null
printf 'key,name,kind\nus,Us,own\nacme,Acme,customer\nbig,Big Org,customer\nhubco,Hub Co,customer\n' >orgs.csv
"$bin" --db h.db import orgs.csv >/dev/null

# a line of LINE_MB megabytes, and a file of only quotes
{ printf 'key,name,org\nx,'; head -c $((line_mb * 1048576)) /dev/zero | tr '\0' 'a'; printf ',acme\n'; } >longline.csv
run "a ${line_mb} MB line" "$limit_s" error "$bin" --db h.db import longline.csv
head -c 1000000 /dev/zero | tr '\0' '"' >quotes.csv
run "a file of only quotes (1 MB)" "$limit_s" error "$bin" --db h.db import quotes.csv

# a reporting line CHAIN deep (no recursion that can overflow the stack)
awk -v n="$chain" 'BEGIN { print "key,name,org"; for (i = 0; i < n; i++) printf "c%d,Chain %d,acme\n", i, i }' >chain-people.csv
awk -v n="$chain" 'BEGIN { print "from,to,kind"; for (i = 1; i < n; i++) printf "c%d,c%d,reports_to\n", i, i - 1 }' >chain-links.csv
run "reports_to chain $chain deep: import" "$limit_s" ok "$bin" --db h.db import chain-people.csv chain-links.csv
run "... rank" "$limit_s" ok "$bin" --db h.db rank acme --top 3
run "... check" "$limit_s" ok "$bin" --db h.db check
# closing the chain into a cycle is refused
printf 'from,to,kind\nc0,c%d,reports_to\n' $((chain - 1)) >cycle.csv
run "... a cycle $chain long is refused" "$limit_s" error "$bin" --db h.db import cycle.csv
run "... paths to its top" "$limit_s" ok "$bin" --db h.db paths c0

# one org of ORG people
awk -v n="$org" 'BEGIN { print "key,name,org"; for (i = 0; i < n; i++) printf "b%d,Big %d,big\n", i, i }' >big-people.csv
awk -v n="$org" 'BEGIN { print "from,to,kind"; for (i = 1; i < n; i++) printf "b%d,b%d,reports_to\n", i, int((i - 1) / 10) }' >big-links.csv
run "one org of $org people: import" "$imp_s" ok "$bin" --db h.db import big-people.csv big-links.csv
run "... rank" "$limit_s" ok "$bin" --db h.db rank big --top 3
run "... draw refuses a map that large" "$limit_s" error "$bin" --db h.db draw big -o big.svg
run "... draw --min-power 0.5" "$limit_s" ok "$bin" --db h.db draw big -o big.svg --min-power 0.5

# a person tied to HUB of ours (a hub)
awk -v n="$hub" 'BEGIN { print "key,name,org"; print "h,Hub,hubco"; for (i = 0; i < n; i++) printf "u%d,Our %d,us\n", i, i }' >hub-people.csv
awk -v n="$hub" 'BEGIN { print "from,to,kind,strength"; for (i = 0; i < n; i++) printf "u%d,h,knows,%.3f\n", i, 0.1 + (i * 7919 % 800) / 1000 }' >hub-links.csv
run "a person tied to $hub of ours: import" "$imp_s" ok "$bin" --db h.db import hub-people.csv hub-links.csv
run "... paths" "$hub_s" ok "$bin" --db h.db paths h -k 3
grep -q "0.90" out.txt || { echo "hostile: the best path to the hub is not its strongest tie (0.90)"; cat out.txt; fails=$((fails + 1)); }
run "... reach" "$hub_s" ok "$bin" --db h.db reach hubco
run "... risks" "$hub_s" ok "$bin" --db h.db risks hubco
run "... next" "$next_s" ok "$bin" --db h.db next hubco
run "... draw --no-ours" "$hub_s" ok "$bin" --db h.db draw hubco -o hub.svg --no-ours
run "... draw" "$limit_s" ok "$bin" --db h.db draw hubco -o hub.svg
run "... check" "$limit_s" ok "$bin" --db h.db check
echo "hostile: $fails failed"
[ "$fails" -eq 0 ]
