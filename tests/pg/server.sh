# server.sh: sourced by tests/pg/run.sh. pg_start DIR starts a throwaway
# PostgreSQL 15 + PostGIS 3 cluster in DIR (initdb, then pg_ctl with a Unix
# socket in DIR and no TCP: listen_addresses = ''), creates the database
# "estate" with the postgis extension and sets PGHOST/PGDATABASE/PGUSER for
# psql, ogr2ogr and estate; pg_stop stops it. As root the server runs as
# the unprivileged "postgres" user the Debian package creates (PostgreSQL
# refuses to run as root); the folder is made accessible to it.
# pg_bin is the server binaries' folder, empty when they are absent.
pg_bin=""
for d in /usr/lib/postgresql/15/bin; do
	[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && pg_bin=$d
done
pg_as=""
pg_dir=""

# Run a server command as the cluster's owner, from its folder (the
# owner may not enter the caller's working directory).
pg_run() {
	if [ -n "$pg_as" ]; then
		(cd "$pg_dir" && runuser -u "$pg_as" -- "$@")
	else
		(cd "$pg_dir" && "$@")
	fi
}

pg_start() {
	pg_dir=$1
	if [ "$(id -u)" = 0 ]; then
		pg_as=postgres
		chmod 755 "$pg_dir"
		chown "$pg_as" "$pg_dir"
	fi
	pg_run "$pg_bin/initdb" -D "$pg_dir/data" -U estate -A trust --no-sync \
		-E UTF8 --locale=C >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; return 1; }
	# fsync off: a test cluster need not survive a power cut, and it
	# saves seconds on a loaded machine.
	pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$pg_dir' -c fsync=off -c full_page_writes=off" \
		start >/dev/null || { cat "$pg_dir/server.log" >&2; return 1; }
	export PGHOST=$pg_dir PGUSER=estate PGDATABASE=estate
	"$pg_bin/createdb" estate || return 1
	psql -qX -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION postgis' >/dev/null || return 1
}

pg_stop() {
	[ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ] &&
		pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1
	pg_dir=""
}
