#!/usr/bin/env bash
# Shows that `npm test` depends on neither the date, the time zone nor the machine's speed: the whole suite a year
# ahead (libfaketime), then in a time zone 14 hours from UTC, then two suites at once in this checkout. Prints each
# run's "N passed, N failed" line and fails if any run failed. Slow (four full runs); not part of .ci/run.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null; then
  echo "test-any-day: faketime is needed (Debian/Ubuntu: apt-get install faketime; macOS: brew install libfaketime)" >&2
  exit 2
fi

logs=$(mktemp -d)
status=0

# The label and the run's own summary line; a run that died before its summary counts as failed.
report() {
  local label=$1 log=$2 code=$3 line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  [ -n "$line" ] || line="no summary (the run died; see $log)"
  printf '%-40s %s\n' "$label:" "$line"
  if [ "$code" != 0 ] || [ "${line#* passed, }" != "0 failed" ]; then status=1; fi
}

echo "== npm test a year ahead (faketime +365d)"
# Monotonic clocks stay real: timeouts and durations must not jump.
FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f '+365d' npm test >"$logs/year-ahead.log" 2>&1
year=$?

echo "== npm test in another time zone (TZ=Pacific/Kiritimati, UTC+14)"
TZ=Pacific/Kiritimati npm test >"$logs/kiritimati.log" 2>&1
zone=$?

echo "== two npm test runs at once (the second in TZ=America/Los_Angeles)"
npm test >"$logs/together-1.log" 2>&1 &
first=$!
TZ=America/Los_Angeles npm test >"$logs/together-2.log" 2>&1 &
second=$!
wait "$first"; one=$?
wait "$second"; two=$?

echo
report "a year ahead" "$logs/year-ahead.log" "$year"
report "in Pacific/Kiritimati" "$logs/kiritimati.log" "$zone"
report "two at once (1)" "$logs/together-1.log" "$one"
report "two at once (2, America/Los_Angeles)" "$logs/together-2.log" "$two"
echo "(full output in $logs)"
exit "$status"
