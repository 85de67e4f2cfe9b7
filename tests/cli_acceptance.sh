#!/usr/bin/env bash
# A user's files and options (issue 9 items 15-18, 20), one section a ctest:
#   options   bad option values are errors naming the option (17)
#   store     --db never removes what is not a darkwatch database, and a run
#             that fails leaves the previous database as it was (15)
#   outputs   write errors (a full disk) are errors; outputs open before the work (16)
#   files     explicit MRT files taken by content, RIB-only and updates-only
#             archives say what they did, clear messages for wrong paths (18)
#   entities  darkwatch entities, and dump's progress line on a terminal only (20)
# Usage: tests/cli_acceptance.sh DARKWATCH SCENARIO_DIR SECTION
set -uo pipefail
DW=$1; S=$2; SECTION=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
RIB=$(ls "$S"/*/RIBS/rib.* | head -1)
# sqlite3 DB SQL: like the sqlite3 shell (rows as a|b), through Python's module
# so that the tests need no package beyond what setup installs
sqlite3() {
  python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for stmt in [s for s in sys.argv[2].split(";") if s.strip()]:
    for row in db.execute(stmt):
        print("|".join("" if v is None else str(v) for v in row))
db.commit()' "$1" "$2"
}
UPD=$(ls "$S"/*/UPDATES/updates.* | head -1)

# expect_error WHAT TEXT CMD...: CMD exits non-zero and says TEXT on stderr
expect_error() {
  local what=$1 text=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ $rc -ne 0 ] && grep -qF -- "$text" "$tmp/err"; then ok "$what"
  else bad "$what: exit $rc, stderr: $(head -c 300 "$tmp/err")"; fi
}

options() {
  expect_error "dump --origin -5" "--origin" "$DW" dump -m --origin -5 "$RIB"
  expect_error "dump --origin 4295031808 (would wrap to 64512)" "--origin" "$DW" dump -m --origin 4295031808 "$RIB"
  expect_error "dump --more-specific without --prefix" "--more-specific requires --prefix" "$DW" dump -m --more-specific "$RIB"
  expect_error "dump --from after --until" "--from" "$DW" dump -m --from 2014-12-23T00:00:00Z --until 2014-12-22T00:00:00Z "$RIB"
  for v in 2 -1 7 0; do
    expect_error "replay --min-loss $v" "--min-loss" "$DW" replay "$S" --min-loss "$v"
    expect_error "detect --min-loss $v" "--min-loss" "$DW" detect --db "$tmp/none.db" --min-loss "$v"
  done
  expect_error "replay --bin 0" "--bin" "$DW" replay "$S" --bin 0
  expect_error "replay --bin 4000000000" "--bin" "$DW" replay "$S" --bin 4000000000
  expect_error "replay --from after --until" "--from" "$DW" replay "$S" --from 2014-12-23T00:00:00Z --until 2014-12-22T00:00:00Z
  echo keep > "$tmp/events.jsonl"
  expect_error "replay --as-names of a missing file" "--as-names" "$DW" replay "$S" --as-names "$tmp/absent.csv" --events "$tmp/events.jsonl"
  [ "$(cat "$tmp/events.jsonl")" = keep ] && ok "... before --events was truncated" || bad "--events truncated before --as-names was checked"
  expect_error "replay --entity without --signals-csv" "--entity requires --signals-csv" "$DW" replay "$S" --entity country:KP
  expect_error "replay --entity asn:abc" "--entity" "$DW" replay "$S" --signals-csv "$tmp/s.csv" --entity asn:abc
  expect_error "replay --entity country:XX (not in the archive)" "--entity country:XX" \
    "$DW" replay "$S" --signals-csv "$tmp/s.csv" --entity country:XX
  "$DW" replay "$S" --db "$tmp/run.db" 2>/dev/null
  expect_error "signal --ipv6 without --png" "--ipv6 requires --png" "$DW" signal --db "$tmp/run.db" --entity country:KP --ipv6
  expect_error "signal --entity asn:abc" "--entity" "$DW" signal --db "$tmp/run.db" --entity asn:abc --csv
  expect_error "signal --entity country:XX names it and the entities command" "darkwatch entities" \
    "$DW" signal --db "$tmp/run.db" --entity country:XX --csv
  expect_error "signal --from after --until" "--from" \
    "$DW" signal --db "$tmp/run.db" --entity country:KP --from 2014-12-23T00:00:00Z --until 2014-12-22T00:00:00Z
  expect_error "report --from after --until" "--from" \
    "$DW" report --db "$tmp/run.db" --entity country:KP --from 2014-12-23T00:00:00Z --until 2014-12-22T00:00:00Z
  expect_error "detect --from after --until" "--from" \
    "$DW" detect --db "$tmp/run.db" --from 2014-12-23T00:00:00Z --until 2014-12-22T00:00:00Z
}

store() {
  "$DW" replay "$S" --db "$tmp/run.db" 2>/dev/null
  local rows; rows=$(sqlite3 "$tmp/run.db" "select count(*) from signal")
  [ "$rows" -gt 0 ] && ok "a first run stores $rows rows" || bad "a first run stored nothing"
  "$DW" replay "$S" --db "$tmp/run.db" --bin 0 >/dev/null 2>&1
  [ "$(sqlite3 "$tmp/run.db" "select count(*) from signal" 2>/dev/null)" = "$rows" ] \
    && ok "--bin 0 leaves the previous database as it was" || bad "--bin 0 removed or changed the previous database"
  "$DW" replay "$tmp/no-such-archive" --db "$tmp/run.db" >/dev/null 2>&1
  [ "$(sqlite3 "$tmp/run.db" "select count(*) from signal" 2>/dev/null)" = "$rows" ] \
    && ok "a run that fails (no archive) leaves the previous database" || bad "a failed run changed the previous database"
  "$DW" replay "$S" --db "$tmp/run.db" --bin 600 2>/dev/null
  [ "$(sqlite3 "$tmp/run.db" "select value from meta where key = 'bin_seconds'")" = 600 ] \
    && ok "a run that succeeds replaces the previous database" || bad "the previous database was not replaced"
  ls -a "$tmp" | grep -q 'tmp-' && bad "a temporary database was left behind: $(ls -a "$tmp")" || ok "no temporary file left"
  mkdir "$tmp/empty-dir"
  expect_error "--db naming an empty folder is refused" "is a directory" "$DW" replay "$S" --db "$tmp/empty-dir"
  [ -d "$tmp/empty-dir" ] && ok "the folder is still there" || bad "the folder was removed"
  echo "my notes" > "$tmp/notes.txt"
  expect_error "--db naming a text file is refused" "not a darkwatch database" "$DW" replay "$S" --db "$tmp/notes.txt"
  [ "$(cat "$tmp/notes.txt")" = "my notes" ] && ok "the text file is intact" || bad "the text file was overwritten"
  sqlite3 "$tmp/other.db" "create table t (x); insert into t values (42);"
  expect_error "--db naming another program's SQLite database is refused" "not darkwatch's" \
    "$DW" replay "$S" --db "$tmp/other.db"
  [ "$(sqlite3 "$tmp/other.db" "select x from t")" = 42 ] && ok "the other database is intact" || bad "the other database was changed"
}

outputs() {
  expect_error "dump -m > /dev/full" "No space left on device" sh -c "'$DW' dump -m '$RIB' > /dev/full"
  expect_error "replay --events /dev/full" "/dev/full" "$DW" replay "$S" --events /dev/full
  expect_error "replay --events - > /dev/full" "standard output" sh -c "'$DW' replay '$S' --events - > /dev/full"
  expect_error "replay --signals-csv /dev/full" "/dev/full" "$DW" replay "$S" --signals-csv /dev/full
  "$DW" replay "$S" --db "$tmp/run.db" 2>/dev/null
  expect_error "detect --events /dev/full" "/dev/full" "$DW" detect --db "$tmp/run.db" --events /dev/full
  expect_error "signal --csv > /dev/full" "standard output" sh -c "'$DW' signal --db '$tmp/run.db' --entity country:KP --csv > /dev/full"
  # an output that cannot be opened fails before the replay, not after it
  "$DW" replay "$S" --events "$tmp/no-such-dir/events.jsonl" >/dev/null 2>"$tmp/err"
  if [ $? -ne 0 ] && grep -q "no-such-dir" "$tmp/err" && ! grep -q "replayed" "$tmp/err"; then
    ok "--events in a missing folder fails before the work"
  else bad "--events in a missing folder: $(cat "$tmp/err")"; fi
}

files() {
  # real MRT files under names that say nothing
  cp "$RIB" "$tmp/table.mrt.bz2"; cp "$UPD" "$tmp/changes.bz2"
  "$DW" replay "$tmp/table.mrt.bz2" "$tmp/changes.bz2" --db "$tmp/named.db" 2>"$tmp/err"
  local rc=$?
  if [ $rc -eq 0 ] && [ "$(sqlite3 "$tmp/named.db" "select count(*) from signal")" -gt 0 ]; then
    ok "replay of files not named rib.*/updates.* (taken by content)"
  else bad "replay of renamed files: exit $rc, $(cat "$tmp/err")"; fi
  echo "not mrt at all" > "$tmp/text.txt"
  expect_error "replay of a text file names it" "text.txt: not an MRT file" "$DW" replay "$tmp/text.txt"
  # a RIB dump alone
  mkdir -p "$tmp/rib-only/rv/RIBS"; cp "$RIB" "$tmp/rib-only/rv/RIBS/"
  "$DW" replay "$tmp/rib-only" 2>"$tmp/err"
  grep -q "no update files" "$tmp/err" && grep -q "the state is the RIB dump's ([1-9][0-9]* records read" "$tmp/err" \
    && ok "a RIB-only archive says what it loaded" || bad "RIB-only archive: $(cat "$tmp/err")"
  # updates alone
  mkdir -p "$tmp/upd-only/rv/UPDATES"; cp "$S"/*/UPDATES/updates.* "$tmp/upd-only/rv/UPDATES/"
  "$DW" replay "$tmp/upd-only" --db "$tmp/upd.db" 2>"$tmp/err"
  grep -q "no RIB dump: starting from [0-9]* update file(s) alone" "$tmp/err" \
    && [ "$(sqlite3 "$tmp/upd.db" "select count(*) from signal")" -gt 0 ] \
    && ok "an updates-only archive is replayed and says so" || bad "updates-only archive: $(cat "$tmp/err")"
  expect_error "dump -m /tmp" "is a directory" "$DW" dump -m /tmp
  expect_error "signal --db /tmp" "is a directory" "$DW" signal --db /tmp --entity country:KP
  expect_error "detect --db of a missing file" "no such file" "$DW" detect --db "$tmp/missing.db"
  expect_error "darkwatch bogus" "unknown command 'bogus'" "$DW" bogus
}

entities() {
  "$DW" replay "$S" --db "$tmp/run.db" 2>/dev/null
  "$DW" entities --db "$tmp/run.db" >"$tmp/ent.txt" 2>/dev/null
  local kp; kp=$(sqlite3 "$tmp/run.db" "select count(*) from event where entity_type = 'country' and entity_code = 'KP' and kind in ('outage', 'instability')")
  grep -Eq "^country:KP +normal +$kp " "$tmp/ent.txt" && [ "$kp" -gt 0 ] \
    && ok "entities: country:KP with its $kp events" || bad "entities: $(grep KP "$tmp/ent.txt")"
  [ "$(grep -c . "$tmp/ent.txt")" -eq $(( $(sqlite3 "$tmp/run.db" "select count(*) from entity") + 1 )) ] \
    && ok "entities: one line per stored entity" || bad "entities: $(wc -l < "$tmp/ent.txt") lines"
  "$DW" entities --db "$tmp/run.db" --search "korea telecom" >"$tmp/ent.txt" 2>/dev/null
  grep -q "^asn:4766 .*Korea Telecom" "$tmp/ent.txt" && [ "$(grep -c '^asn:' "$tmp/ent.txt")" -eq 1 ] \
    && ok "entities --search by name" || bad "entities --search: $(cat "$tmp/ent.txt")"
  "$DW" entities --db "$tmp/run.db" --search kp --json >"$tmp/ent.json" 2>/dev/null
  python3 -c "
import json, sys
a = json.load(open('$tmp/ent.json'))
kp = [e for e in a if e['entity'] == 'country:KP']
sys.exit(0 if kp and kp[0]['events'] == $kp and kp[0]['state'] == 'normal' else 1)" \
    && ok "entities --json" || bad "entities --json: $(head -c 300 "$tmp/ent.json")"
  # an outage still open at the end of the data
  "$DW" replay "$S" --until 2014-12-22T16:30:00Z --db "$tmp/open.db" 2>/dev/null
  "$DW" entities --db "$tmp/open.db" --search country:KP 2>/dev/null | grep -q "^country:KP *outage open" \
    && ok "entities: an outage open at the end" || bad "entities: open outage not shown"
  # dump's progress line: on a terminal (stderr a tty, the output a file), never otherwise
  python3 - "$DW" "$RIB" "$tmp" <<'PY' && ok "dump progress on a terminal" || bad "dump progress on a terminal"
import os, pty, subprocess, sys
dw, rib, tmp = sys.argv[1:4]
master, slave = pty.openpty()
with open(os.path.join(tmp, "dump.txt"), "w") as out:
    p = subprocess.Popen([dw, "dump", "-m", rib, rib, rib, rib], stdout=out, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            b = os.read(master, 4096)
        except OSError:
            break
        if not b:
            break
        seen += b
    p.wait()
sys.exit(0 if p.returncode == 0 and b"dump [" in seen and b"records/s" in seen else 1)
PY
  "$DW" dump -m "$RIB" "$RIB" "$RIB" "$RIB" >/dev/null 2>"$tmp/err"
  grep -q "dump \[" "$tmp/err" && bad "progress shown when stderr is not a terminal" || ok "no progress when not a terminal"
}

$SECTION
[ $fails -eq 0 ] && echo "$SECTION: all passed" || { echo "$SECTION: $fails failed"; exit 1; }
