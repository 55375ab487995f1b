#!/usr/bin/env bash
# CPU time (user + system, ms) of each thread group of process PID, digits in thread names folded
# ("WorkPackage[timeline]-3" counts as "WorkPackage[timeline]-N"). With BEFORE, an earlier output of
# this script, prints what each group used since then, largest first.
# Usage: benchmark/thread-cpu.sh PID > before.txt; ...; benchmark/thread-cpu.sh PID before.txt
set -euo pipefail
pid=$1
before=${2:-}
tick=$(getconf CLK_TCK)
now=$(for stat in /proc/"$pid"/task/*/stat; do
  line=$(cat "$stat" 2>/dev/null) || continue
  name=${line#*(}; name=${name%)*}
  read -r -a fields <<< "${line##*) }"
  echo "$(echo "$name" | sed 's/[0-9]\+/N/g' | tr ' ' '_') $(( (fields[11] + fields[12]) * 1000 / tick ))"
done | awk '{t[$1]+=$2} END {for (k in t) print k, t[k]}' | sort)
if [ -z "$before" ]; then
  echo "$now"
else
  join -a1 -e 0 -o 0,1.2,2.2 <(echo "$now") <(sort "$before") | awk '{d=$2-$3; if (d>0) print d, $1}' | sort -rn
fi
