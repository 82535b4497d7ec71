# Shared by the scripts: where the project is, its JVM flags (scripts/jvm-flags, which Maven reads too), and a built
# classpath.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JVM_FLAGS=$(grep -v '^#' "$ROOT/scripts/jvm-flags" | tr '\n' ' ')
source "$ROOT/scripts/lib/priority.sh"

# Builds MODULE (and what it needs) when a source is newer than its last build, then prints its
# classpath (its classes and every dependency).
module_classpath() {
    local module="$1" needs="$2"
    local stamp="$ROOT/$module/target/classpath.txt"
    local sources=()
    for m in ${needs//,/ } "$module"; do sources+=("$ROOT/$m/src" "$ROOT/$m/pom.xml"); done
    if [[ ! -f "$stamp" ]] || [[ -n "$(find "${sources[@]}" "$ROOT/pom.xml" -newer "$stamp" -print -quit)" ]]; then
        echo "building $module (first run or sources changed)..." >&2
        (cd "$ROOT" && mvn -q -B -DskipTests -pl "$module" -am install >&2) || {
            echo "build failed: run 'mvn -B -DskipTests install' in $ROOT to see why" >&2; exit 1; }
        (cd "$ROOT/$module" && mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/deps.txt >&2) || exit 1
        echo "$ROOT/$module/target/classes:$(cat "$ROOT/$module/target/deps.txt")" > "$stamp"
    fi
    cat "$stamp"
}

# core-engine: the replay, audit and backtest tools.
core_classpath() {
    module_classpath core-engine journal
}

# mt5-bridge: the main job, the bridge and the terminal simulator.
bridge_classpath() {
    module_classpath mt5-bridge journal,core-engine
}

# projections: the projection processes and their sinks.
projections_classpath() {
    module_classpath projections journal,core-engine
}

# gateway-netty: the HTTP and WebSocket gateway.
gateway_classpath() {
    module_classpath gateway-netty journal,core-engine,projections
}
