# Shared by the bench scripts (source it): timing and memory of one command.
# median_time N CMD...: median wall seconds of N runs, output discarded.
median_time() {
  local n=$1; shift
  for ((i = 0; i < n; i++)); do
    local t0 t1
    t0=$(date +%s.%N); "$@" > /dev/null 2>&1; t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
  done | sort -g | awk '{a[NR]=$1} END {printf "%.4f\n", a[int((NR+1)/2)]}'
}
# peak_mb CMD...: the command's peak RSS in MB (GNU time), output discarded.
peak_mb() {
  local err
  err=$(mktemp)
  /usr/bin/time -f "%M" "$@" > /dev/null 2> "$err"
  tail -1 "$err" | awk '{printf "%.1f\n", $1/1024}'
  rm -f "$err"
}
