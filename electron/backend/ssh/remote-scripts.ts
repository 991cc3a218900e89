// Fixed POSIX sh scripts for file operations. They are constants: paths and values arrive as positional
// parameters ("$1"...) through quote.ts, never spliced into the script text.

/** Exit status the scripts use for "the path does not exist". */
export const MISSING_EXIT = 44;

/** $1 = path. */
export const READ_FILE_SCRIPT = `[ -e "$1" ] || exit ${MISSING_EXIT}; exec cat -- "$1"`;

/** $1 = path. Prints "rawmode-hex size uid gid mtime-seconds user group" of the file (symlinks followed). */
export const STAT_SCRIPT = `[ -e "$1" ] || exit ${MISSING_EXIT}; exec stat -L -c '%f %s %u %g %Y %U %G' -- "$1"`;

/** $1 = directory. One NUL-terminated record per entry: type, size, mtime, octal mode, name (GNU find). */
export const LIST_DIR_SCRIPT =
  `[ -d "$1" ] || exit ${MISSING_EXIT}; ` +
  `exec find "$1" -mindepth 1 -maxdepth 1 -printf '%y\\t%s\\t%T@\\t%m\\t%P\\0'`;

/**
 * $1 = target path, $2 = expected byte count, $3 = expected sha256 (hex), $4 = octal mode or "".
 * Data arrives on stdin. Writes a temp file in the target's directory, checks size and hash (a dropped connection
 * looks like an early EOF, which must never be renamed into place), copies owner, mode and SELinux context of the
 * file it replaces, fsyncs, renames, and fsyncs the directory. The temp file is removed on every failure.
 */
export const WRITE_ATOMIC_SCRIPT = `set -eu
target=$1 size=$2 sum=$3 mode=$4
if [ -L "$target" ]; then target=$(readlink -f -- "$target"); fi
case $target in */*) dir=\${target%/*}; dir=\${dir:-/} ;; *) dir=. ;; esac
if [ ! -d "$dir" ]; then echo "directory $dir does not exist" >&2; exit 3; fi
tmp=$(mktemp "$dir/.auditscope-write.XXXXXXXX")
trap 'rm -f -- "$tmp"' EXIT
trap 'exit 4' HUP INT TERM PIPE
cat > "$tmp"
got=$(($(wc -c < "$tmp")))
if [ "$got" -ne "$size" ]; then echo "received $got of $size bytes; $target left unchanged" >&2; exit 5; fi
if command -v sha256sum >/dev/null 2>&1; then
  got=$(sha256sum < "$tmp"); got=\${got%% *}
  if [ "$got" != "$sum" ]; then echo "checksum mismatch; $target left unchanged" >&2; exit 5; fi
fi
if [ -e "$target" ]; then
  owner=$(stat -c %u:%g -- "$target")
  if [ "$owner" != "$(id -u):$(id -g)" ]; then chown "$owner" "$tmp"; fi
  chmod "$(stat -c %a -- "$target")" "$tmp"
  if command -v selinuxenabled >/dev/null 2>&1 && selinuxenabled; then chcon --reference="$target" -- "$tmp"; fi
fi
if [ -n "$mode" ]; then chmod "$mode" "$tmp"; fi
sync -- "$tmp" 2>/dev/null || sync
mv -f -- "$tmp" "$target"
trap - EXIT
sync -- "$dir" 2>/dev/null || sync
`;
