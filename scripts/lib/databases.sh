# The local database servers of one data folder (PostgreSQL, Redis, ClickHouse) from Debian's packages, run by hand:
# these machines have no systemd and run everything as root. Sourced by scripts/db and scripts/test; functions only.
#
# A data folder DATA keeps each server's files in DATA/db/postgres, DATA/db/redis and DATA/db/clickhouse, and in
# DATA/db/env the ports chosen at each server's first start with the URLs the Java side reads (KEY=VALUE lines, also
# shell-sourceable). Every server listens on 127.0.0.1 only, on a port of its own (never 5432, 6379 or 8123, so a
# system server is never disturbed), and is stopped by the pid its own folder holds, so nothing else is ever stopped.
#
# db_start, db_stop and db_status print one line per server and return a mask of the servers that are not up (or
# could not be stopped): postgres 1, redis 2, clickhouse 4; 0 when all went well.
#
# Settings, read from the caller's variables:
#   DB_PREFIX     the name that starts every message (the calling script's).
#   DB_TIMEOUT    seconds to wait for a server to answer after a start, or to be gone after a stop.
#   DB_FSYNC      on|off, read at a server's first start in a folder and kept in its own configuration: off for
#                 throwaway folders (the test suite's) where the servers should not wait for the disk. Data still
#                 survives a stop and start of the server, not a crash of the machine.
#   DB_PORT_BASE  empty for the usual ports (15432, 16379, 18123 and 19000, or the next free ones), or "random" to
#                 probe from random places in 20000-24999, so that test runs started together rarely probe the same
#                 ports (it stays below the dev servers' 25432 and Linux's ephemeral ports, 32768 up).
# The servers run at the platform's priority beside the core (scripts/lib/priority.sh): the core comes first.
DB_PREFIX=${DB_PREFIX:-scripts/db}
DB_TIMEOUT=${DB_TIMEOUT:-30}
DB_FSYNC=${DB_FSYNC:-on}
DB_PORT_BASE=${DB_PORT_BASE:-}
source "$(dirname "${BASH_SOURCE[0]}")/priority.sh"
DB_SERVERS=(postgres redis clickhouse)
DB_INSTALL_LOG=/tmp/tradingcore-db-install.log

db_bit() {
    case "$1" in postgres) echo 1 ;; redis) echo 2 ;; clickhouse) echo 4 ;; *) echo 0 ;; esac
}

_db_say() {
    echo "$DB_PREFIX: $*"
}

# The line of a log to put in a failure's one line: among its last lines, the last that tells an error, else the
# last one.
_db_last_log_line() {
    [[ -f "$1" ]] || return 0
    local lines line
    lines=$(tail -n 30 "$1" | grep -v '^[[:space:]]*$' || true)
    line=$(grep -E 'FATAL|PANIC|ERROR|[Ee]rror|[Ff]ailed' <<< "$lines" | tail -n 1 || true)
    echo "${line:-$(tail -n 1 <<< "$lines")}" | cut -c 1-200
}

# The db folder of data folder $1, created, as an absolute path. Its folders must be open to other users (o+x):
# PostgreSQL runs as the postgres user.
db_folder() {
    mkdir -p "$1/db" && chmod a+rx "$1/db" && (cd "$1/db" && pwd -P)
}

# --- installation -----------------------------------------------------------------------------------------------

# The newest PostgreSQL's bin folder, or that of version $1.
_db_pg_bindir() {
    local dir
    if [[ -n "${1:-}" ]]; then
        dir=/usr/lib/postgresql/$1/bin
    else
        dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    fi
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; fi
    return 0
}

_db_clickhouse_server() {
    # In /usr/sbin, which is not on every user's PATH.
    if [[ -x /usr/sbin/clickhouse-server ]]; then
        echo /usr/sbin/clickhouse-server
    else
        command -v clickhouse-server || true
    fi
}

_db_installed() {
    case "$1" in
        postgres) [[ -n "$(_db_pg_bindir)" ]] ;;
        redis) command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 ;;
        clickhouse) [[ -n "$(_db_clickhouse_server)" ]] && command -v clickhouse-client >/dev/null 2>&1 ;;
    esac
}

_db_packages() {
    case "$1" in
        postgres) echo postgresql ;;
        redis) echo redis-server ;;
        clickhouse) echo clickhouse-server clickhouse-client ;;
    esac
}

# Installs the Debian packages of the servers named that are absent, when root; otherwise says in one line what is
# missing. Returns the mask of the servers still absent.
db_install() {
    local name missing=() packages=() failed=0
    for name in "$@"; do
        if ! _db_installed "$name"; then missing+=("$name"); fi
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    for name in "${missing[@]}"; do packages+=($(_db_packages "$name")); done
    if [[ "$(id -u)" -ne 0 ]]; then
        for name in "${missing[@]}"; do
            _db_say "$name is not installed, and only root can install it:" \
                "apt-get install -y --no-install-recommends $(_db_packages "$name")" >&2
            failed=$((failed | $(db_bit "$name")))
        done
        return "$failed"
    fi
    _db_say "installing ${packages[*]} (Debian packages; output in $DB_INSTALL_LOG)" >&2
    : > "$DB_INSTALL_LOG"
    if ! apt-get update -qq >> "$DB_INSTALL_LOG" 2>&1; then
        _db_say "apt-get update failed; trying the install with the package lists already here" >&2
    fi
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" \
            >> "$DB_INSTALL_LOG" 2>&1; then
        # One package that cannot be installed must not keep the others out: try each server's alone.
        for name in "${missing[@]}"; do
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(_db_packages "$name") \
                >> "$DB_INSTALL_LOG" 2>&1 || true
        done
    fi
    for name in "${missing[@]}"; do
        if _db_installed "$name"; then
            _db_say "installed $name ($(_db_packages "$name"))" >&2
        else
            _db_say "$name: could not install $(_db_packages "$name"); see $DB_INSTALL_LOG" >&2
            failed=$((failed | $(db_bit "$name")))
        fi
    done
    return "$failed"
}

# --- ports and the env file -------------------------------------------------------------------------------------

db_env_get() {
    local file="$1/env"
    [[ -f "$file" ]] || return 0
    sed -n "s/^$2=//p" "$file" | tail -n 1
}

# Sets KEY=VALUE pairs in the env file of db folder $1, replacing earlier values; written whole, then renamed, so a
# reader never sees half a file.
_db_env_set() {
    local db="$1" file="$1/env" tmp pair keys=()
    shift
    for pair in "$@"; do keys+=("-e" "^${pair%%=*}="); done
    tmp=$(mktemp "$file.XXXXXX")
    {
        if [[ -f "$file" ]]; then
            grep -v "${keys[@]}" "$file" || true
        else
            echo "# Ports and URLs of this data folder's database servers, chosen at their first start (scripts/db)"
        fi
        printf '%s\n' "$@"
    } > "$tmp"
    chmod 644 "$tmp"
    mv "$tmp" "$file"
}

_db_port_busy() {
    if command -v ss >/dev/null 2>&1; then
        [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

# The first free port from $1 up that is not among the others given.
_db_free_port() {
    local port="$1" taken=" ${*:2} "
    while [[ "$taken" == *" $port "* ]] || _db_port_busy "$port"; do
        port=$((port + 1))
    done
    echo "$port"
}

_db_port_keys() {
    case "$1" in
        postgres) echo TC_POSTGRES_PORT ;;
        redis) echo TC_REDIS_PORT ;;
        clickhouse) echo TC_CLICKHOUSE_HTTP_PORT TC_CLICKHOUSE_TCP_PORT ;;
    esac
}

_db_port_base() {
    if [[ "$DB_PORT_BASE" == random ]]; then
        echo $((20000 + RANDOM % 5000))
        return
    fi
    case "$1" in
        TC_POSTGRES_PORT) echo 15432 ;;
        TC_REDIS_PORT) echo 16379 ;;
        TC_CLICKHOUSE_HTTP_PORT) echo 18123 ;;
        TC_CLICKHOUSE_TCP_PORT) echo 19000 ;;
    esac
}

# The ports of server $2 in db folder $1, space separated: those recorded, or, at its first start or when another
# process took one of them since, free ones, recorded with the server's URL. Called only when the server is not
# running.
_db_ports() {
    local db="$1" name="$2" key port ports=() taken busy=""
    for key in $(_db_port_keys "$name"); do
        port=$(db_env_get "$db" "$key")
        if [[ -z "$port" ]]; then busy=first; elif _db_port_busy "$port"; then busy="$busy $port"; fi
        ports+=("$port")
    done
    if [[ -n "$busy" ]]; then
        # Skip every port this folder recorded, so a stopped server's port is not given to another one.
        taken=$(sed -n 's/^TC_[A-Z_]*_PORT=//p' "$db/env" 2>/dev/null | tr '\n' ' ')
        ports=()
        for key in $(_db_port_keys "$name"); do
            port=$(_db_free_port "$(_db_port_base "$key")" $taken)
            ports+=("$port")
            taken="$taken $port"
        done
        if [[ "$busy" != first ]]; then
            _db_say "$name: port$busy taken by another process; moving to ${ports[*]} (in $db/env)" >&2
        fi
        case "$name" in
            postgres) _db_env_set "$db" "TC_POSTGRES_PORT=${ports[0]}" \
                "TC_POSTGRES_URL=jdbc:postgresql://127.0.0.1:${ports[0]}/tradingcore" "TC_POSTGRES_USER=postgres" ;;
            redis) _db_env_set "$db" "TC_REDIS_PORT=${ports[0]}" "TC_REDIS_URL=redis://127.0.0.1:${ports[0]}" ;;
            clickhouse) _db_env_set "$db" "TC_CLICKHOUSE_HTTP_PORT=${ports[0]}" "TC_CLICKHOUSE_TCP_PORT=${ports[1]}" \
                "TC_CLICKHOUSE_URL=http://127.0.0.1:${ports[0]}" ;;
        esac
    fi
    echo "${ports[*]}"
}

# --- processes --------------------------------------------------------------------------------------------------

# Whether process $1 runs (a zombie, dead but not yet reaped by its parent, does not).
_db_alive() {
    [[ -n "$1" && -r "/proc/$1/stat" ]] || return 1
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d ' ' -f 1)
    [[ -n "$state" && "$state" != Z ]]
}

# The pid of server $1 in db folder $2 when it runs: the pid its pid file names, if that process runs in the server's
# folder (each server's working directory is its folder), so a pid reused by another process is never taken for it.
db_pid() {
    local name="$1" db="$2" file dir pid
    case "$name" in
        postgres) dir="$db/postgres/data"; file="$dir/postmaster.pid" ;;
        redis) dir="$db/redis"; file="$dir/redis.pid" ;;
        clickhouse) dir="$db/clickhouse"; file="$dir/clickhouse.pid" ;;
    esac
    [[ -f "$file" ]] || return 0
    pid=$(head -n 1 "$file" 2>/dev/null | tr -dc 0-9)
    if _db_alive "$pid" \
            && [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == "$(cd "$dir" 2>/dev/null && pwd -P)" ]]; then
        echo "$pid"
    fi
    return 0
}

# Runs a command in its own session (so neither a Ctrl-C in the terminal nor the end of the calling script stops
# it), in folder $1, its output appended to log $2; prints its pid.
_db_spawn() {
    local dir="$1" log="$2"
    shift 2
    (cd "$dir" && exec setsid "${PLATFORM_PRIORITY[@]}" "$@" < /dev/null >> "$log" 2>&1) &
    echo $!
}

# Stops process $2 of server $1 (SIGTERM: each server shuts down cleanly on it) and waits until it is gone; kills it
# after DB_TIMEOUT seconds.
_db_terminate() {
    local name="$1" pid="$2" i
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < DB_TIMEOUT * 10; i++)); do
        _db_alive "$pid" || return 0
        sleep 0.1
    done
    _db_say "$name: pid $pid still there after ${DB_TIMEOUT}s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
    ! _db_alive "$pid"
}

_db_ping() {
    local name="$1" db="$2" port
    case "$name" in
        postgres)
            port=$(db_env_get "$db" TC_POSTGRES_PORT)
            [[ -n "$port" ]] && "$(_db_pg_bindir "$(cat "$db/postgres/data/PG_VERSION" 2>/dev/null)")/pg_isready" \
                -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 2 2>/dev/null ;;
        redis)
            port=$(db_env_get "$db" TC_REDIS_PORT)
            [[ -n "$port" && "$(timeout 2 redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == PONG ]] ;;
        clickhouse)
            port=$(db_env_get "$db" TC_CLICKHOUSE_HTTP_PORT)
            [[ -n "$port" ]] && _db_http_ping "$port" ;;
    esac
}

# ClickHouse's /ping answers "Ok."; through curl when there is one, else through bash's /dev/tcp.
_db_http_ping() {
    if command -v curl >/dev/null 2>&1; then
        [[ "$(curl -sf -m 2 "http://127.0.0.1:$1/ping" 2>/dev/null)" == Ok.* ]]
    else
        local answer
        answer=$(timeout 2 bash -c \
            'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET /ping HTTP/1.0\r\n\r\n" >&3 && cat <&3' _ "$1" 2>/dev/null)
        [[ "$answer" == *Ok.* ]]
    fi
}

# Waits until server $1 of db folder $2 answers, while its process $3 runs; DB_TIMEOUT seconds at most.
_db_await() {
    local name="$1" db="$2" pid="$3" i
    for ((i = 0; i < DB_TIMEOUT * 10; i++)); do
        _db_ping "$name" "$db" && return 0
        _db_alive "$pid" || return 1
        sleep 0.1
    done
    return 1
}

_db_up_line() {
    local name="$1" db="$2" what="$3" port
    port=$(db_env_get "$db" "$(_db_port_keys "$name" | cut -d ' ' -f 1)")
    _db_say "$name $what on 127.0.0.1:$port (pid $(db_pid "$name" "$db"), $db/$name)"
}

_db_failed_line() {
    _db_say "$1 $2; see $3${4:+ ($(_db_last_log_line "$3"))}" >&2
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------

# initdb and pg_ctl refuse to run as root: as root they run as the postgres user (from /, a folder it may enter).
_db_as_postgres() {
    if [[ "$(id -u)" -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

# Creates the cluster at the folder's first start, starts it and waits (pg_ctl -w: about a second), and creates the
# tradingcore database when absent.
_db_postgres_start() {
    local db="$1" dir="$1/postgres" data="$1/postgres/data" log="$1/postgres/postgres.log" bin port socket version
    local sync_option=""
    mkdir -p "$dir/socket"
    touch "$log"
    if [[ "$(id -u)" -eq 0 ]]; then
        # The server writes its log itself (pg_ctl -l) as the postgres user.
        chown postgres:postgres "$dir" "$dir/socket" "$log"
        if ! _db_as_postgres test -w "$dir/socket"; then
            _db_say "postgres: the postgres user cannot write to $dir: a parent folder is closed to other" \
                "users (chmod o+x it, or use a data folder elsewhere)" >&2
            return 1
        fi
    fi
    version=$(cat "$data/PG_VERSION" 2>/dev/null || true)
    bin=$(_db_pg_bindir "$version")
    if [[ -z "$bin" ]]; then
        _db_say "postgres: $data was made by PostgreSQL $version, which is not installed" >&2
        return 1
    fi
    if [[ ! -f "$data/PG_VERSION" ]]; then
        # Trust on loopback: the server listens only on 127.0.0.1 of this machine, for this folder's local default.
        # Real deployments give their own URL and password through the environment or a configuration file.
        if [[ "$DB_FSYNC" == off ]]; then sync_option=--no-sync; fi
        if ! _db_as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 $sync_option >> "$log" 2>&1; then
            _db_failed_line postgres "initdb failed" "$log" tail
            return 1
        fi
        if [[ "$DB_FSYNC" == off ]]; then
            printf '%s\n' "" "# scripts/db: a throwaway folder (DB_FSYNC=off): do not wait for the disk" \
                "fsync = off" "synchronous_commit = off" "full_page_writes = off" >> "$data/postgresql.conf"
        fi
    fi
    port=$(_db_ports "$db" postgres)
    socket="$dir/socket"
    # A Unix socket path holds 107 bytes at most; beyond, the server would not start: TCP only then.
    if [[ ${#socket} -gt 90 ]]; then socket=""; fi
    # Listen address, port and socket folder are given at each start (not written into postgresql.conf), so the
    # port follows DATA/db/env and a moved folder still works.
    if ! _db_as_postgres "${PLATFORM_PRIORITY[@]}" "$bin/pg_ctl" -D "$data" -l "$log" -w -t "$DB_TIMEOUT" \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$socket'" start >> "$log" 2>&1; then
        _db_failed_line postgres "failed to start" "$log" tail
        return 1
    fi
    if [[ -z "$("$bin/psql" -X -At -h 127.0.0.1 -p "$port" -U postgres -d postgres \
            -c "select 1 from pg_database where datname = 'tradingcore'" 2>> "$log")" ]]; then
        if ! "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "create database tradingcore" \
                >> "$log" 2>&1; then
            _db_failed_line postgres "started, but could not create database tradingcore" "$log" tail
            return 1
        fi
    fi
}

_db_postgres_stop() {
    local db="$1" data="$1/postgres/data" bin
    bin=$(_db_pg_bindir "$(cat "$data/PG_VERSION" 2>/dev/null)")
    # Fast: roll back open transactions and disconnect clients, then a clean shutdown (checkpoint).
    _db_as_postgres "$bin/pg_ctl" -D "$data" -m fast -w -t "$DB_TIMEOUT" stop >> "$1/postgres/postgres.log" 2>&1
}

# --- Redis ------------------------------------------------------------------------------------------------------

# The folder's redis.conf is written at its first start and kept (edit it to change persistence): append-only file
# synced every second, so what was written (the projections' checkpoints) survives a restart of the server; no
# fsync at all in a throwaway folder. Port, folder and pid file are given at each start.
_db_redis_launch() {
    local db="$1" dir="$1/redis" port fsync=everysec
    mkdir -p "$dir"
    if [[ ! -f "$dir/redis.conf" ]]; then
        [[ "$DB_FSYNC" == off ]] && fsync=no
        printf '%s\n' "# scripts/db: this folder's Redis settings (port, folder and pid file: on the command line)" \
            "bind 127.0.0.1" "protected-mode yes" "appendonly yes" "appendfsync $fsync" 'save ""' > "$dir/redis.conf"
    fi
    port=$(_db_ports "$db" redis)
    rm -f "$dir/redis.pid"
    _db_spawn "$dir" "$dir/redis.log" redis-server "$dir/redis.conf" --port "$port" --dir "$dir" \
        --pidfile "$dir/redis.pid" --daemonize no
}

# --- ClickHouse -------------------------------------------------------------------------------------------------

# config.xml is written at every start from the folder's path and ports (so a moved folder works); users.xml is
# copied from the package at the first start and kept (its default user has no password: the server listens only
# on 127.0.0.1). ClickHouse writes no pid file when it is not a daemon, so the launch writes it.
_db_clickhouse_launch() {
    local db="$1" dir="$1/clickhouse" ports http tcp pid
    mkdir -p "$dir/log"
    if [[ ! -f "$dir/users.xml" ]]; then
        if [[ ! -f /etc/clickhouse-server/users.xml ]]; then
            _db_say "clickhouse: /etc/clickhouse-server/users.xml is missing (reinstall clickhouse-server)" >&2
            return 1
        fi
        cp /etc/clickhouse-server/users.xml "$dir/users.xml"
    fi
    ports=$(_db_ports "$db" clickhouse)
    http=${ports% *}
    tcp=${ports#* }
    cat > "$dir/config.xml" <<EOF
<?xml version="1.0"?>
<!-- Written by scripts/db at each start of this folder's ClickHouse (ports from ../env); users.xml is kept. -->
<yandex>
    <logger>
        <level>warning</level>
        <log>$dir/log/server.log</log>
        <errorlog>$dir/log/error.log</errorlog>
        <size>10M</size>
        <count>2</count>
    </logger>
    <http_port>$http</http_port>
    <tcp_port>$tcp</tcp_port>
    <listen_host>127.0.0.1</listen_host>
    <path>$dir/data/</path>
    <tmp_path>$dir/tmp/</tmp_path>
    <user_files_path>$dir/user_files/</user_files_path>
    <format_schema_path>$dir/format_schemas/</format_schema_path>
    <users_config>users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <mark_cache_size>268435456</mark_cache_size>
    <max_concurrent_queries>100</max_concurrent_queries>
</yandex>
EOF
    pid=$(_db_spawn "$dir" "$dir/log/stdout.log" "$(_db_clickhouse_server)" --config-file="$dir/config.xml")
    echo "$pid" > "$dir/clickhouse.pid"
    echo "$pid"
}

# --- per folder -------------------------------------------------------------------------------------------------

# Starts the servers named (all three when none) of data folder $1, installing absent packages first.
db_start() {
    local data="$1" db name failed=0 again=0 wanted=() retry=()
    shift
    [[ $# -gt 0 ]] || set -- "${DB_SERVERS[@]}"
    db=$(db_folder "$data") || { _db_say "cannot create $data/db" >&2; return 7; }
    db_install "$@" || failed=$?
    for name in "$@"; do
        (( (failed & $(db_bit "$name")) == 0 )) && wanted+=("$name")
    done
    [[ ${#wanted[@]} -gt 0 ]] || return "$failed"
    _db_start_servers "$db" "${wanted[@]}" || again=$?
    # Another process may take a port between its probe and the server's bind (test runs started together): those
    # that failed so, gone and with a port now taken, are started once more, on free ports.
    for name in "${wanted[@]}"; do
        (( (again & $(db_bit "$name")) != 0 )) || continue
        if [[ -z "$(db_pid "$name" "$db")" ]] && _db_port_taken "$db" "$name"; then
            retry+=("$name")
        else
            failed=$((failed | $(db_bit "$name")))
        fi
    done
    if [[ ${#retry[@]} -gt 0 ]]; then
        _db_say "starting ${retry[*]} again, on other ports" >&2
        _db_start_servers "$db" "${retry[@]}" || failed=$((failed | $?))
    fi
    return "$failed"
}

_db_port_taken() {
    local key port
    for key in $(_db_port_keys "$2"); do
        port=$(db_env_get "$1" "$key")
        if [[ -n "$port" ]] && _db_port_busy "$port"; then return 0; fi
    done
    return 1
}

# Starts the servers named of db folder $1. The slow ones are launched first and awaited last, so that they start
# together: about a second in all.
_db_start_servers() {
    local db="$1" name failed=0 pid log
    local -A launched=()
    shift
    for name in clickhouse redis; do
        [[ " $* " == *" $name "* ]] || continue
        if [[ -n "$(db_pid "$name" "$db")" ]]; then
            _db_up_line "$name" "$db" "already up"
        elif pid=$(_db_${name}_launch "$db") && [[ -n "$pid" ]]; then
            launched[$name]=$pid
        else
            failed=$((failed | $(db_bit "$name")))
        fi
    done
    if [[ " $* " == *" postgres "* ]]; then
        if [[ -n "$(db_pid postgres "$db")" ]]; then
            _db_up_line postgres "$db" "already up"
        elif _db_postgres_start "$db"; then
            _db_up_line postgres "$db" up
        else
            failed=$((failed | 1))
        fi
    fi
    for name in clickhouse redis; do
        [[ -n "${launched[$name]:-}" ]] || continue
        if _db_await "$name" "$db" "${launched[$name]}"; then
            _db_up_line "$name" "$db" up
        else
            log="$db/$name/$name.log"
            if [[ "$name" == clickhouse ]]; then
                # Once its logger is set up, ClickHouse writes its errors to error.log only.
                log="$db/clickhouse/log/error.log"
                [[ "$log" -nt "$db/clickhouse/clickhouse.pid" ]] || log="$db/clickhouse/log/stdout.log"
            fi
            if _db_alive "${launched[$name]}"; then
                _db_failed_line "$name" "does not answer after ${DB_TIMEOUT}s (pid ${launched[$name]})" "$log" tail
            else
                _db_failed_line "$name" "failed to start" "$log" tail
            fi
            failed=$((failed | $(db_bit "$name")))
        fi
    done
    return "$failed"
}

# Stops the servers named (all three when none) of data folder $1 and waits until they are gone.
db_stop() {
    local data="$1" db name pid failed=0
    shift
    [[ $# -gt 0 ]] || set -- "${DB_SERVERS[@]}"
    if [[ ! -d "$data/db" ]]; then
        for name in "$@"; do _db_say "$name not running (no $data/db)"; done
        return 0
    fi
    db=$(cd "$data/db" && pwd -P)
    for name in "$@"; do
        pid=$(db_pid "$name" "$db")
        if [[ -z "$pid" ]]; then
            _db_say "$name not running ($db/$name)"
            continue
        fi
        if [[ "$name" == postgres ]]; then
            _db_postgres_stop "$db" || _db_terminate postgres "$pid" || true
        else
            _db_terminate "$name" "$pid" || true
        fi
        if _db_alive "$pid"; then
            _db_say "$name: could not stop pid $pid" >&2
            failed=$((failed | $(db_bit "$name")))
        else
            [[ "$name" == clickhouse ]] && rm -f "$db/clickhouse/clickhouse.pid"
            _db_say "$name stopped (was pid $pid)"
        fi
    done
    return "$failed"
}

# One line per server: name, up or down, port, pid, folder. Returns the mask of those not up.
db_status() {
    local data="$1" db name pid port state failed=0 extra
    shift
    [[ $# -gt 0 ]] || set -- "${DB_SERVERS[@]}"
    if [[ -d "$data/db" ]]; then db=$(cd "$data/db" && pwd -P); else db="$data/db"; fi
    for name in "$@"; do
        pid=$(db_pid "$name" "$db")
        port=$(db_env_get "$db" "$(_db_port_keys "$name" | cut -d ' ' -f 1)")
        extra=""
        [[ "$name" == clickhouse && -n "$port" ]] && extra=" (tcp $(db_env_get "$db" TC_CLICKHOUSE_TCP_PORT))"
        if [[ -z "$pid" ]]; then
            state=down
        elif _db_ping "$name" "$db"; then
            state=up
        else
            state="not answering"
        fi
        [[ "$state" == up ]] || failed=$((failed | $(db_bit "$name")))
        printf '%-10s  %-4s  port %-5s  pid %-7s  %s%s\n' "$name" "$state" "${port:--}" "${pid:--}" "$db/$name" "$extra"
    done
    return "$failed"
}
