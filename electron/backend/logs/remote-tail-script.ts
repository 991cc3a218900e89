// The fixed POSIX sh program that follows an audit log on a node and frames what it sends, so the client always
// knows the exact file and byte offset of every byte it receives. Values arrive as positional parameters (through
// quote.ts via SshSession.stream), never spliced into the script text.
//
// Position ("cursor"): the file being read is "the oldest rotated backup whose lumberjack timestamp is newer than
// AFTER, or the active file when there is none", at byte OFFSET. This survives renames, gzip and inode reuse:
// when the active file is rotated its backup gets a timestamp newer than every earlier backup, so a cursor taken
// while it was active leads to that backup afterwards, and from there through every later backup to the new file.
//
// Arguments: $1 log path, $2 AFTER (a stamp, "" for before every backup, "@newest" for the newest backup now),
// $3 OFFSET (bytes, or "@end" for the end of the active file), $4 expected inode ("" unknown), $5 head length and
// $6 sha256 of the file's first bytes the client already has (0/"" unknown), $7 poll seconds, $8 chunk bytes,
// $9 heartbeat polls.
//
// Output records (one header line each):
//   A <stamp|->                    AFTER resolved for "@newest" ("-" = no backup)
//   O <cur|bak|gz> <inode|-> <offset> <sync 0|1> <name>   bytes that follow belong to this file from offset;
//                                  sync=1: the client drops bytes up to the first newline (started mid-line)
//   D <n>\n<n bytes>.\n            n bytes of the open file (the ".\n" trailer proves the payload was whole)
//   Z <n>\n<n bytes>.\n            a whole gzip backup; the client decompresses it and skips <offset> bytes
//   E <stamp>                      the backup with this stamp is finished: AFTER=stamp, OFFSET=0
//   W <text>                       a warning (the position had to be reset, so events may be missing)
//   H                              heartbeat while idle
//   X <code> <text>                fatal (code: not-found or permission-denied); the script exits
export const TAIL_SCRIPT = `
path=$1 after=$2 off=$3 ino=$4 hlen=$5 hsum=$6 poll=$7 chunk=$8 beat=$9
case $path in */*) dir=\${path%/*}; dir=\${dir:-/} ;; *) dir=. ;; esac
base=\${path##*/}
case $base in ?*.*) stem=\${base%.*}; ext=.\${base##*.} ;; *) stem=$base; ext= ;; esac
export stem ext
fd=/proc/$$/fd/3
[ -d "$dir" ] || { printf 'X not-found the log folder %s does not exist\\n' "$dir"; exit 3; }
[ -r "$dir" ] && [ -x "$dir" ] || { printf 'X permission-denied permission denied reading %s (use sudo)\\n' "$dir"; exit 3; }
# "stamp gz name" of every rotated backup of $path, oldest first, a plain file before its .gz twin.
backups() {
  find "$dir" -mindepth 1 -maxdepth 1 -type f -printf '%f\\n' 2>/dev/null | awk '
    { n = $0; gz = 0; s = ENVIRON["stem"] "-"; e = ENVIRON["ext"]
      if (substr(n, length(n) - 2) == ".gz") { gz = 1; n = substr(n, 1, length(n) - 3) }
      if (substr(n, 1, length(s)) != s) next
      if (length(e) > 0 && substr(n, length(n) - length(e) + 1) != e) next
      t = substr(n, length(s) + 1, length(n) - length(s) - length(e))
      if (t !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]-[0-9][0-9]-[0-9][0-9][.][0-9][0-9][0-9]$/) next
      print t, gz, $0 }' | LC_ALL=C sort
}
next_backup() { backups | after=$after awk '$1 > ENVIRON["after"] { print; exit }'; }
head_ok() { [ "$hlen" -gt 0 ] || return 0; [ "$(head -c "$hlen" "$1" | sha256sum | cut -d' ' -f1)" = "$hsum" ]; }
emit_to() {
  while [ "$off" -lt "$1" ]; do
    n=$(($1 - off)); [ "$n" -gt "$chunk" ] && n=$chunk
    printf 'D %s\\n' "$n" || exit 0
    tail -c +$((off + 1)) "$fd" | head -c "$n"
    printf '.\\n'
    off=$((off + n)); idle=0
  done
}
if [ "$after" = @newest ]; then
  after=$(backups | tail -n 1 | cut -d' ' -f1)
  printf 'A %s\\n' "\${after:--}"
fi
# Waits one poll interval. The heartbeat doubles as a liveness check: when the SSH channel is gone the write fails
# (SIGPIPE is often ignored under sshd/sudo), and the script must end instead of polling forever on the node, also
# while the log file is missing (its folder removed or unmounted).
pause() {
  idle=$((idle + 1))
  if [ "$idle" -ge "$beat" ]; then echo H || exit 0; idle=0; fi
  sleep "$poll"
}
sync=0 cur= idle=0
while :; do
  nb=$(next_backup)
  if [ -n "$nb" ]; then
    stamp=\${nb%% *}; rest=\${nb#* }; gz=\${rest%% *}; name=\${rest#* }
    # Starting "at the end" while a rotation happens: that backup is history, skip it.
    if [ "$off" = @end ]; then after=$stamp; printf 'A %s\\n' "$after"; continue; fi
    if [ "$gz" = 0 ]; then
      exec 3<&-
      # Gone already (compressed meanwhile): list again and take the .gz.
      command exec 3<"$dir/$name" 2>/dev/null || continue
      i=$(stat -L -c %i "$fd")
      if [ "$off" -gt 0 ] && { { [ -n "$ino" ] && [ "$ino" != "$i" ]; } || ! head_ok "$fd"; }; then
        printf 'W %s is not the file that was being read (it was removed before it was read to its end); reading it from its start\\n' "$name"
        off=0 sync=0
      fi
      size=$(stat -L -c %s "$fd")
      printf 'O bak %s %s %s %s\\n' "$i" "$off" "$sync" "$name"
      sync=0
      emit_to "$size"
      exec 3<&-
    else
      size=$(stat -c %s -- "$dir/$name") || continue
      printf 'O gz - %s %s %s\\n' "$off" "$sync" "$name"
      sync=0
      printf 'Z %s\\n' "$size"
      head -c "$size" -- "$dir/$name"
      printf '.\\n'
    fi
    echo "E $stamp"
    after=$stamp off=0 ino= hlen=0 sync=0 cur=
    continue
  fi
  if [ -z "$cur" ]; then
    # Between rename and create the active file may be missing for a moment.
    command exec 3<"$path" 2>/dev/null || { pause; continue; }
    # A rotation between the listing and the open means fd 3 is the new file: start over.
    [ -z "$(next_backup)" ] || { exec 3<&-; continue; }
    i=$(stat -L -c %i "$fd")
    size=$(stat -L -c %s "$fd")
    if [ "$off" = @end ]; then
      if [ "$size" -gt 0 ]; then off=$((size - 1)) sync=1; else off=0; fi
    elif [ "$off" -gt 0 ] && { { [ -n "$ino" ] && [ "$ino" != "$i" ]; } || [ "$size" -lt "$off" ] || ! head_ok "$fd"; }; then
      printf 'W %s was replaced or truncated without a rotated backup; reading it from its start\\n' "$base"
      off=0 sync=0
    fi
    ino=$i cur=$i
    printf 'O cur %s %s %s %s\\n' "$i" "$off" "$sync" "$base"
    sync=0
  fi
  size=$(stat -L -c %s "$fd")
  if [ "$size" -lt "$off" ]; then
    printf 'W %s was truncated to %s bytes; reading it from its start\\n' "$base" "$size"
    off=0 sync=0
    printf 'O cur %s 0 0 %s\\n' "$cur" "$base"
  fi
  emit_to "$size"
  pi=$(stat -L -c %i -- "$path" 2>/dev/null)
  if [ "$pi" != "$cur" ]; then
    # Rotated (or replaced): the next round finds the backup and reads it to its end from here.
    cur=
    continue
  fi
  pause
done
`;
