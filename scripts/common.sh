# Shared by the scripts: where the project is, its JVM flags, and a built classpath.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JVM_FLAGS=$(grep -v '^#' "$ROOT/scripts/jvm-flags" | tr '\n' ' ')

# Builds the modules when a source is newer than the last build, then prints the classpath of
# core-engine (its jar and every dependency).
core_classpath() {
    local stamp="$ROOT/core-engine/target/classpath.txt"
    if [[ ! -f "$stamp" ]] || [[ -n "$(find "$ROOT/journal/src" "$ROOT/core-engine/src" "$ROOT/pom.xml" \
            "$ROOT/journal/pom.xml" "$ROOT/core-engine/pom.xml" -newer "$stamp" -print -quit)" ]]; then
        echo "building (first run or sources changed)..." >&2
        (cd "$ROOT" && mvn -q -B -DskipTests -pl journal,core-engine -am install >&2) || {
            echo "build failed: run 'mvn -B -DskipTests install' in $ROOT to see why" >&2; exit 1; }
        (cd "$ROOT/core-engine" && mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/deps.txt >&2) || exit 1
        echo "$ROOT/core-engine/target/classes:$(cat "$ROOT/core-engine/target/deps.txt")" > "$stamp"
    fi
    cat "$stamp"
}
