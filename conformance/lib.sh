# Shell helpers the conformance runs share; each run.sh sources this file.

# wait_line FILE PREFIX: wait up to 10 s for a simulator to print the line
# starting with PREFIX (its listener line, e.g. `api 127.0.0.1:40123`) to
# FILE, and echo that line. On time-out, show FILE and the simulator's
# stderr beside it (FILE with .out replaced by .err, when there is one).
wait_line() {
  local file="$1" prefix="$2" line
  for _ in $(seq 1 100); do
    if line=$(grep -m1 "^$prefix " "$file" 2>/dev/null); then echo "$line"; return 0; fi
    sleep 0.1
  done
  echo "simulator did not print '$prefix' in 10 s:" >&2
  cat "$file" >&2
  [ "${file%.out}" != "$file" ] && [ -f "${file%.out}.err" ] && cat "${file%.out}.err" >&2
  return 1
}
