#!/usr/bin/env bash
# Builds the OpenSearch test node (jars from Maven Central + the compiled launcher) once per machine into a cache
# outside the repository, and prints that cache directory as its only stdout line. Progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf 'test/opensearch/build.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

os_version=$(sed -n 's:.*<opensearch.version>\(.*\)</opensearch.version>.*:\1:p' "$here/pom.xml")
[[ -n $os_version ]] || die "cannot read <opensearch.version> from $here/pom.xml"

# Major version of a java binary ("17.0.15" -> 17, "1.8.0_402" -> 8).
java_major() {
  local v
  v=$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n1)
  v=${v#1.}
  printf '%s\n' "${v%%[.+-]*}"
}

# A JDK (java + javac) that OpenSearch 2.19 supports: 17 to 21. JAVA_HOME may point at a newer JDK kept for other
# tools (the machine's Temurin 25 is for OpenSearch 3.x), so it is only one candidate among several.
find_jdk() {
  local home javac_path major
  javac_path=$(command -v javac 2>/dev/null || true)
  for home in "${AUDITSCOPE_JAVA_HOME:-}" "${JAVA_HOME:-}" \
      ${javac_path:+"$(dirname "$(dirname "$(readlink -f "$javac_path")")")"} \
      /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/java-21-openjdk-*; do
    [[ -n $home && -x $home/bin/java && -x $home/bin/javac && -x $home/bin/jar ]] || continue
    major=$(java_major "$home/bin/java")
    if [[ $major =~ ^[0-9]+$ ]] && (( major >= 17 && major <= 21 )); then
      printf '%s\n' "$home"
      return 0
    fi
  done
  return 1
}

# Installs what is missing when that is possible here (root with apt-get), else names it in one line.
need_tools() {
  local want_jdk=$1 want_mvn=$2 pkgs=() names=()
  if [[ $want_jdk == yes ]]; then pkgs+=(openjdk-17-jdk-headless); names+=("a Java 17-21 JDK"); fi
  if [[ $want_mvn == yes ]]; then pkgs+=(maven); names+=(Maven); fi
  (( ${#pkgs[@]} )) || return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    local what=${names[0]}
    (( ${#names[@]} == 1 )) || what+=" and ${names[1]}"
    die "needs $what: install ${pkgs[*]} (Debian: apt-get install -y ${pkgs[*]})"
  fi
  say "installing ${pkgs[*]} with apt-get"
  apt-get update -qq >&2
  # Debian 13 has no openjdk-17: take its 21, which OpenSearch 2.19 also supports.
  if [[ $want_jdk == yes ]] && ! apt-cache show openjdk-17-jdk-headless >/dev/null 2>&1; then
    pkgs=("${pkgs[@]/openjdk-17-jdk-headless/openjdk-21-jdk-headless}")
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2
}

jdk=$(find_jdk) || { need_tools yes "$(command -v mvn >/dev/null && echo no || echo yes)"; jdk=$(find_jdk) || die "no Java 17-21 JDK found after installing"; }
java_version=$(java_major "$jdk/bin/java")

cache_root=${AUDITSCOPE_TOOLS_CACHE:-${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/auditscope-tools}/opensearch
key="$os_version-java$java_version"
final="$cache_root/$key"

# What the cache was built from: a changed pom, launcher, this script or JDK build (the class-data archive below is
# only valid for the exact JVM that wrote it) rebuilds it, even under the same key.
stamp=$( {
  cd "$here" && cat build.sh pom.xml && find src -type f -print0 | LC_ALL=C sort -z | xargs -0 cat
  "$jdk/bin/java" -version 2>&1
} | sha256sum | cut -c1-16)
cache_ok() {
  [[ -f $final/stamp && $(<"$final/stamp") == "$stamp" && -f $final/classpath && -f $final/java && -x $(<"$final/java") ]]
}

if cache_ok; then printf '%s\n' "$final"; exit 0; fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.$key.lock"
flock 9 # one builder per machine; the others wait here and then find the cache ready
if cache_ok; then printf '%s\n' "$final"; exit 0; fi

command -v mvn >/dev/null || { need_tools no yes; command -v mvn >/dev/null || die "mvn not found after installing maven"; }

tmp=$(mktemp -d "$cache_root/.$key.build.XXXXXX")
chmod 755 "$tmp" # mktemp makes it private; the cache may be shared (AUDITSCOPE_TOOLS_CACHE)
train_pid=
trap '[[ -z $train_pid ]] || kill "$train_pid" 2>/dev/null; rm -rf "$tmp" "$tmp.old" "$final/train"' EXIT
say "building OpenSearch $os_version test node with Java $java_version into $final (once per machine)"
started=$SECONDS

cp "$here/pom.xml" "$tmp/pom.xml"
# Maven only resolves and copies the jars (pom packaging). All its output (errors are on stdout) goes to stderr,
# without the stray colour resets that Debian's Maven 3.8 prints even with -B.
JAVA_HOME=$jdk mvn -q -B -f "$tmp/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$tmp/lib" 2>&1 | sed -u $'s/\e\\[0m//g' >&2
rm -rf "$tmp/target" "$tmp/pom.xml"
say "resolved $(find "$tmp/lib" -name '*.jar' | wc -l) jars in $((SECONDS - started)) s"

# The launcher goes into a jar, not a class folder: the JVM's class-data sharing archives only classes from jars.
mkdir -p "$tmp/classes"
find "$here/src/main/java" -name '*.java' -print0 \
  | xargs -0 "$jdk/bin/javac" --release 17 -encoding UTF-8 -nowarn -d "$tmp/classes" -cp "$tmp/lib/*"
cp -R "$here/src/main/resources/." "$tmp/classes/"
"$jdk/bin/jar" --create --file "$tmp/auditscope-test-node.jar" -C "$tmp/classes" .
rm -rf "$tmp/classes"

# Absolute paths of the final location: the directory is renamed into place below, never copied.
{
  printf '%s' "$final/auditscope-test-node.jar"
  for jar in "$tmp"/lib/*.jar; do printf ':%s' "$final/lib/${jar##*/}"; done
  printf '\n'
} >"$tmp/classpath"
printf '%s\n' "$jdk/bin/java" >"$tmp/java"

# Swap in atomically. Readers trust the cache only once its stamp exists, and that is written last.
if [[ -e $final ]]; then mv -T "$final" "$tmp.old"; fi
mv -T "$tmp" "$final"
rm -rf "$tmp.old"

# One training start of a node records the ~10,000 classes it loads in a class-data sharing archive
# (-XX:ArchiveClassesAtExit, written when the JVM exits). Nodes started with it come up about twice as fast on 2 cores.
# The archive records the classpath, so this runs in the final location. Without the archive nodes still start.
say "recording a class-data archive from one training start of a node"
trained=$SECONDS
mkdir -p "$final/train"
: >"$final/train/node.log" # exists before the wait loop below reads it
"$(<"$final/java")" -Xms256m -Xmx256m -XX:-UsePerfData -Xlog:cds=off -Xlog:cds+dynamic=error \
  -XX:ArchiveClassesAtExit="$final/opensearch.jsa.part" -Djava.io.tmpdir="$final/train" -cp "$(<"$final/classpath")" \
  dev.auditscope.testing.opensearch.AuditscopeTestNode -Epath.home="$final/train" -Ediscovery.type=single-node \
  -Ehttp.port=0 -Etransport.port=0 -Enode.name=train -Ecluster.name=train >>"$final/train/node.log" 2>&1 &
train_pid=$!
for ((i = 0; i < 1500; i++)); do # up to 5 minutes to start
  grep -q '^AUDITSCOPE_OPENSEARCH_STARTED' "$final/train/node.log" && break
  kill -0 "$train_pid" 2>/dev/null || break
  sleep 0.2
done
kill -TERM "$train_pid" 2>/dev/null || true
for ((i = 0; i < 600; i++)); do # writing the archive at exit takes a few seconds more
  kill -0 "$train_pid" 2>/dev/null || break
  sleep 0.2
done
kill -KILL "$train_pid" 2>/dev/null || true
wait "$train_pid" 2>/dev/null || true
train_pid=
if [[ -s $final/opensearch.jsa.part ]]; then
  mv "$final/opensearch.jsa.part" "$final/opensearch.jsa"
  say "recorded $(du -h "$final/opensearch.jsa" | cut -f1) archive in $((SECONDS - trained)) s"
else
  say "warning: no class-data archive (nodes will start more slowly); the training node's log ends:"
  tail -n 20 "$final/train/node.log" >&2
fi
rm -rf "$final/train" "$final/opensearch.jsa.part"

printf '%s\n' "$stamp" >"$final/stamp.part"
mv "$final/stamp.part" "$final/stamp"
say "built in $((SECONDS - started)) s ($(du -sh "$final" | cut -f1))"
printf '%s\n' "$final"
