#!/bin/bash
# Credentials in URLs are refused when the config is read (issue 18): a
# feed's url or [mail] smtp with user:pw@ or a query parameter that names a
# secret (apikey=, token=, key=, password=, secret=, ...) is a config error
# "FILE:LINE: ... -- secrets belong in auth files", exit 78, from validate
# and from any command, and the secret itself is not printed.
. "$(dirname "$0")/itlib.sh" url_secrets

# conf URL [SMTP]: $tmp/fitsmon.conf with the feed's url on line 13
conf() {
	cat >"$tmp/fitsmon.conf" <<CONF
[school]
name = Test Primary School
[calendar "days"]
hours = Mon-Fri 08:00-17:00
terms = 2026-11-23..2026-12-18
[supplier "acme"]
name = Acme ICT
calendar = days
[store]
path = store.db
[feed "log"]
supplier = acme
url = $1
kind = activities
column.at = at
column.description = what
[activity "backup-check"]
supplier = acme
every = school-day
evidence = (?i)backups? checked
CONF
	if [ -n "${2:-}" ]; then
		printf '[mail]\nsmtp = %s\nfrom = a@test.sch.uk\nto = b@test.sch.uk\n' "$2" >>"$tmp/fitsmon.conf"
	fi
}
refused() {   # refused LINE COMMAND...: exit 78, FILE:LINE and the reason, no secret shown
	local line=$1
	shift
	(cd "$tmp" && "$FITSMON" -c fitsmon.conf "$@") >"$tmp/out" 2>&1
	local rc=$?
	[ "$rc" = 78 ] && ok || bad "$(sed -n "${line}p" "$tmp/fitsmon.conf"): $* exit $rc, want 78: $(head -c 300 "$tmp/out")"
	grep -qF "fitsmon.conf:$line: " "$tmp/out" && grep -qF -- "-- secrets belong in auth files" "$tmp/out" &&
		ok || bad "$(sed -n "${line}p" "$tmp/fitsmon.conf"): said '$(cat "$tmp/out")'"
	grep -qF "S3cr3t" "$tmp/out" && bad "the secret was printed: $(cat "$tmp/out")" || ok
}
for url in 'https://user:S3cr3t@feeds.example/log.csv' 'http://S3cr3t@feeds.example/log.csv' \
	'https://feeds.example/log.csv?apikey=S3cr3t' 'https://feeds.example/log.csv?a=1&token=S3cr3t' \
	'https://feeds.example/log.csv?KEY=S3cr3t' 'https://feeds.example/x?password=S3cr3t#frag' \
	'https://feeds.example/x?secret=S3cr3t' 'https://feeds.example/x?format=csv;access_token=S3cr3t' \
	'https://feeds.example/x?client_secret=S3cr3t' 'https://feeds.example/x?api_key=S3cr3t'; do
	conf "$url"
	refused 13 validate
	refused 13 query feeds
done
conf 'https://feeds.example/log.csv' 'smtp://fitsmon:S3cr3t@127.0.0.1:25'
refused 22 validate

# what is not a credential passes
for url in 'https://feeds.example/log.csv?format=csv&since=2026-11-01' \
	'https://feeds.example/a@b/log.csv' 'https://feeds.example/log.csv?monkey=1' \
	'https://feeds.example/log.csv#token=x'; do
	conf "$url"
	(cd "$tmp" && "$FITSMON" -c fitsmon.conf validate) >"$tmp/out" 2>&1
	rc=$?
	[ "$rc" = 0 ] && ok || bad "$url: validate exit $rc: $(head -c 300 "$tmp/out")"
done
finish
