#!/usr/bin/env bash
# sitrep timeline: an actor's events (by code prefix, by a country's or a
# person's name in English or Russian) and a topic's events and articles, in
# date order with undated last; --from/--to, --limit, --json, the readable
# form; exit codes (usage, a missing store not created, a full disk).
set -u
bin=${SITREP_BIN:?SITREP_BIN is not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
db="$tmp/t.db"
lines() { wc -l <"$1" | tr -d ' '; }

# Coded with the bundled dictionaries. x1: Belarus → Russia 062 naming the
# exercise, Poland → Belarus 111 not naming it; x2, x3: Lukashenka (English,
# then Russian) → Russia; x4: NATO → Belarus, Lithuania → Latvia; x5 names
# the exercise with no coded event; x6: Russia → Latvia; x7: an undated
# Belarus (Minsk) event; x8: the Belarusian government, not Lukashenka;
# x9: one long sentence about a second exercise, no event.
long="Soldiers, engineers, medics and signallers from several garrisons took part in the Union Shield command post drill, which the planners described at great length as a test of logistics, communications, field kitchens, fuel convoys, bridging units, repair shops and much else besides, over many days"
printf '%s\n' \
	'{"id":"x1","date":"2021-09-11","title":"Joint drills under way","publication":"Border Courier","text":"Belarus hosted Russia for the Zapad-2021 exercise near Grodno. Poland criticized Belarus over the drills on Saturday."}' \
	'{"id":"x2","date":"2021-08-03","title":"A word of thanks","publication":"Capital Post","text":"Lukashenka praised Russia for its help with fuel supplies. Farmers were busy with the harvest."}' \
	'{"id":"x3","date":"2021-09-21","title":"После маневров","publication":"Вечерний курьер","text":"Лукашенко поблагодарил Россию за помощь с организацией маневров. Маневры Запад-2021 закончились в понедельник."}' \
	'{"id":"x4","date":"2021-07-14","title":"Alliance concerned","publication":"Capital Post","text":"NATO criticized Belarus over the crisis at the border. Lithuania met Latvia to discuss fences."}' \
	'{"id":"x5","date":"2021-09-04","title":"Roads to close","publication":"Lakeside Herald","text":"It was a quiet week in the villages. Villagers near the border heard that the Zapad-2021 manoeuvres would close the roads. The closures are expected to last a week."}' \
	'{"id":"x6","date":"2021-06-02","title":"Transit talks","publication":"Lakeside Herald","text":"Russia met Latvia in Riga to talk about transit. No statement followed the meeting."}' \
	'{"id":"x7","title":"Undated note","publication":"Lakeside Herald","text":"Minsk criticized Warsaw over a closed crossing. The note carried no date."}' \
	'{"id":"x8","date":"2021-10-05","title":"Cabinet complaint","publication":"Capital Post","text":"The Belarusian government accused Lithuania of hostile acts. Officials gave no details."}' \
	'{"id":"x9","date":"2019-09-16","title":"Command post drill","publication":"Border Courier","text":"'"$long"'. Nobody was hurt."}' \
	>"$tmp/a.jsonl"
"$bin" ingest --db "$db" "$tmp/a.jsonl" >/dev/null 2>"$tmp/in.err"
check "ingest exits 0" test $? -eq 0
"$bin" events --db "$db" --json >"$tmp/events" 2>/dev/null
check "events stored (at least 8)" test "$(lines "$tmp/events")" -ge 8
"$bin" events --db "$db" --json --actor BLR >"$tmp/ev_blr" 2>/dev/null

# --actor with a code prefix.
"$bin" timeline --db "$db" --actor BLR --json >"$tmp/blr" 2>"$tmp/blr.err"
check "--actor BLR exits 0" test $? -eq 0
check "--actor BLR: several events" test "$(lines "$tmp/blr")" -ge 5
pycheck "--actor BLR: only events with BLR* on a side" "$tmp/blr" \
	'all(r["kind"] == "event" and ((r["source"]["code"] or "").startswith("BLR") or (r["target"]["code"] or "").startswith("BLR")) for r in rows)'
pycheck "--actor BLR: the same events as 'events --actor BLR'" "$tmp/blr" \
	'sorted(r["event_id"] for r in rows) == sorted(json.loads(l)["event_id"] for l in open(sys.argv[1].replace("blr", "ev_blr")))'
pycheck "--actor BLR: by date, the undated event last" "$tmp/blr" \
	'[r["date"] for r in rows[:-1]] == sorted(r["date"] for r in rows[:-1]) and None not in [r["date"] for r in rows[:-1]] and rows[-1]["date"] is None and rows[-1]["title"] == "Undated note"'
pycheck "--actor BLR: Lithuania meeting Latvia and Russia meeting Latvia left out" "$tmp/blr" \
	'not any(r["source"]["code"] in ("LTU", "RUS") and r["target"]["code"] == "LVA" for r in rows)'
"$bin" timeline --db "$db" --actor BLRGOV --json >"$tmp/blrgov" 2>/dev/null
pycheck "--actor BLRGOV: a longer prefix, fewer events" "$tmp/blrgov" \
	'len(rows) >= 3 and all("BLRGOV" in (r["source"]["code"], r["target"]["code"]) for r in rows)'
check "... fewer than BLR's" test "$(lines "$tmp/blrgov")" -lt "$(lines "$tmp/blr")"

# --actor with a name: a person in two spellings, an organisation.
"$bin" timeline --db "$db" --actor Lukashenka --json >"$tmp/luk_en" 2>/dev/null
check "--actor Lukashenka exits 0" test $? -eq 0
"$bin" timeline --db "$db" --actor "Лукашенко" --json >"$tmp/luk_ru" 2>/dev/null
check "--actor Лукашенко exits 0" test $? -eq 0
pycheck "--actor Lukashenka: his events from both articles, by name" "$tmp/luk_en" \
	'len(rows) == 2 and [r["title"] for r in rows] == ["A word of thanks", "После маневров"] and all("Alexander Lukashenko" in (r["source"]["name"], r["target"]["name"]) for r in rows)'
ids() { grep -o '"event_id":[0-9]*' "$1" | tr '\n' ' '; }
check "--actor Lukashenka == --actor Лукашенко (same event ids)" \
	test -n "$(ids "$tmp/luk_en")" -a "$(ids "$tmp/luk_en")" = "$(ids "$tmp/luk_ru")"
pycheck "--actor Lukashenka: not the government's other BLRGOV events" "$tmp/luk_en" \
	'not any(r["title"] in ("Cabinet complaint", "Undated note") for r in rows)'
"$bin" timeline --db "$db" --actor NATO --json >"$tmp/nato" 2>/dev/null
pycheck "--actor NATO: read as the name, its code IGOWSTNAT" "$tmp/nato" \
	'len(rows) == 1 and rows[0]["source"]["code"] == "IGOWSTNAT" and rows[0]["target"]["code"] == "BLR"'
"$bin" timeline --db "$db" --actor Belarus --json >"$tmp/byname" 2>/dev/null
check "--actor Belarus (a country's name) == --actor BLR" cmp -s "$tmp/byname" "$tmp/blr"

# --topic.
"$bin" timeline --db "$db" --topic Zapad-2021 --json >"$tmp/zap" 2>"$tmp/zap.err"
check "--topic Zapad-2021 exits 0" test $? -eq 0
pycheck "--topic: the event whose sentence names it, then not the other event of that article" "$tmp/zap" \
	'[(r["kind"], r["source"] and r["source"]["code"]) for r in rows if r["doc_id"] == [x for x in rows if x["title"] == "Joint drills under way"][0]["doc_id"]] == [("event", "BLR")]'
pycheck "--topic: every event entry's sentence names the topic" "$tmp/zap" \
	'all("zapad-2021" in r["text"].lower() for r in rows if r["kind"] == "event") and sum(r["kind"] == "event" for r in rows) == 1'
pycheck "--topic: an article entry for the article without a coded event, with the sentence naming it" "$tmp/zap" \
	'[r for r in rows if r["kind"] == "article"] and [r for r in rows if r["kind"] == "article"][0]["title"] == "Roads to close" and [r for r in rows if r["kind"] == "article"][0]["text"].startswith("Villagers near the border") and [r for r in rows if r["kind"] == "article"][0]["event_id"] is None'
pycheck "--topic: in date order, the article (09-04) before the event (09-11), nothing else" "$tmp/zap" \
	'[(r["kind"], r["date"]) for r in rows] == [("article", "2021-09-04"), ("event", "2021-09-11")]'
"$bin" timeline --db "$db" --topic 'zapad 2021' --json >"$tmp/zap2" 2>/dev/null
check "--topic is matched whatever the case and hyphen" cmp -s "$tmp/zap" "$tmp/zap2"
"$bin" timeline --db "$db" --topic '"Zapad-2021"' --json >"$tmp/zap3" 2>/dev/null
check "--topic already quoted: the same" cmp -s "$tmp/zap" "$tmp/zap3"
"$bin" timeline --db "$db" --topic 'Запад-2021' --json >"$tmp/zapru" 2>/dev/null
pycheck "--topic Запад-2021: the Russian article, its second sentence" "$tmp/zapru" \
	'len(rows) == 1 and rows[0]["kind"] == "article" and rows[0]["title"] == "После маневров" and rows[0]["text"].startswith("Маневры Запад-2021")'

# --from / --to and --limit.
"$bin" timeline --db "$db" --actor BLR --from 2021-08-01 --to 2021-09-30 --json >"$tmp/ft" 2>/dev/null
pycheck "--from/--to: only entries in range, undated left out" "$tmp/ft" \
	'len(rows) == 4 and all("2021-08-01" <= (r["date"] or "") <= "2021-09-30" for r in rows)'
"$bin" timeline --db "$db" --topic Zapad-2021 --from 2021-09-05 --json >"$tmp/ft2" 2>/dev/null
pycheck "--from on a topic: the article entry before it is cut" "$tmp/ft2" \
	'[r["kind"] for r in rows] == ["event"]'
"$bin" timeline --db "$db" --actor BLR --limit 2 --json >"$tmp/lim" 2>/dev/null
check "--limit 2: two entries" test "$(lines "$tmp/lim")" -eq 2
check "--limit 2: the first two in order" test "$(cat "$tmp/lim")" = "$(head -n 2 "$tmp/blr")"
"$bin" timeline --db "$db" --actor BLR --limit 0 --json >"$tmp/lim0" 2>/dev/null
check "--limit 0: all" cmp -s "$tmp/lim0" "$tmp/blr"

# JSON keys.
pycheck "--json keys in order" "$tmp/zap" \
	'all(list(r) == ["kind","date","event_id","doc_id","source","target","cameo","cameo_name","goldstein","text","title","publication","doc_date"] for r in rows)'
pycheck "--json event: codes, names, CAMEO name, score" "$tmp/zap" \
	'[(r["source"], r["target"], r["cameo"], r["goldstein"], r["publication"], r["doc_date"]) for r in rows if r["kind"] == "event"] == [({"code":"BLR","name":"Belarus"}, {"code":"RUS","name":"Russia"}, "062", 7.4, "Border Courier", "2021-09-11")] and all(r["cameo_name"] for r in rows if r["kind"] == "event")'
pycheck "--json article: nulls where no event" "$tmp/zap" \
	'all(r["source"] is None and r["target"] is None and r["cameo"] is None and r["goldstein"] is None and r["cameo_name"] is None for r in rows if r["kind"] == "article")'

# The readable form.
"$bin" timeline --db "$db" --topic Zapad-2021 >"$tmp/txt" 2>/dev/null
check "readable: the event line" grep -qx '2021-09-11  BLR → RUS  062 .* (+7\.4)' "$tmp/txt"
check "readable: its sentence, indented" grep -qx '    Belarus hosted Russia for the Zapad-2021 exercise near Grodno\.' "$tmp/txt"
check "readable: its article" grep -qx '    — Joint drills under way (Border Courier, 2021-09-11)' "$tmp/txt"
check "readable: the article line" grep -qx '2021-09-04  article  Roads to close (Lakeside Herald)' "$tmp/txt"
check "readable: the article first" test "$(grep -n 'article  Roads' "$tmp/txt" | cut -d: -f1)" -lt "$(grep -n 'BLR → RUS' "$tmp/txt" | cut -d: -f1)"
"$bin" timeline --db "$db" --topic 'Union Shield' >"$tmp/long" 2>/dev/null
check "readable: a long sentence is cut, with an ellipsis" grep -q '^    Soldiers, engineers.* …$' "$tmp/long"
check "... after about 200 characters" test "$(sed -n 2p "$tmp/long" | python3 -c 'import sys; print(len(sys.stdin.read().rstrip("\n")))')" -le 210
"$bin" timeline --db "$db" --topic 'Union Shield' --json >"$tmp/longj" 2>/dev/null
pycheck "--json keeps the whole sentence" "$tmp/longj" 'len(rows) == 1 and len(rows[0]["text"]) > 250 and rows[0]["date"] == "2019-09-16"'
"$bin" timeline --db "$db" --actor BLR --from 2030-01-01 >"$tmp/none" 2>"$tmp/none.err"
check "nothing found: exit 0" test $? -eq 0
check "nothing found: no output" test ! -s "$tmp/none"
check "nothing found: said on stderr" grep -q 'nothing found' "$tmp/none.err"

# Usage errors.
"$bin" timeline --db "$db" >/dev/null 2>&1
check "neither --actor nor --topic: exit 2" test $? -eq 2
"$bin" timeline --db "$db" --actor BLR --topic Zapad >/dev/null 2>&1
check "both --actor and --topic: exit 2" test $? -eq 2
"$bin" timeline --db "$db" --actor BLR --from 2021-13-01 >/dev/null 2>&1
check "a bad date: exit 2" test $? -eq 2
"$bin" timeline --db "$db" --actor BLR --from 2021-09-01 --to 2021-08-01 >/dev/null 2>&1
check "--from after --to: exit 2" test $? -eq 2
"$bin" timeline --db "$db" --actor Quuxmanov >/dev/null 2>"$tmp/unk.err"
check "an unknown actor name: exit 2" test $? -eq 2
check "... said so" grep -q "no actor named 'Quuxmanov' in the dictionaries" "$tmp/unk.err"
"$bin" timeline --db "$db" --actor BLR --limit many >/dev/null 2>&1
check "a bad --limit: exit 2" test $? -eq 2
"$bin" timeline --db "$db" --topic ' - ' >/dev/null 2>&1
check "a topic without a word: exit 2" test $? -eq 2
"$bin" timeline --help >"$tmp/help" 2>&1
check "--help exits 0" test $? -eq 0
check "--help describes --actor and --topic" grep -q -- '--topic TEXT' "$tmp/help"

# Fatal errors.
"$bin" timeline --db "$tmp/missing.db" --actor BLR >/dev/null 2>&1
check "a missing database: exit 3" test $? -eq 3
check "... and not created" test ! -e "$tmp/missing.db"
if [ -w /dev/full ]; then
	"$bin" timeline --db "$db" --actor BLR >/dev/full 2>/dev/null
	check "output to a full disk: exit 3" test $? -eq 3
	"$bin" timeline --db "$db" --topic Zapad-2021 --json >/dev/full 2>/dev/null
	check "--json to a full disk: exit 3" test $? -eq 3
else
	echo "ok - output to a full disk # SKIP no /dev/full"
fi
