#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing (as root with apt); anywhere else it fails
# with a clear message naming what to install. It never lets the browser or SSH suites skip silently.
set -euo pipefail

declare -A need=(
  [/usr/bin/chromium]=chromium
  [/usr/sbin/sshd]=openssh-server
  [/usr/bin/sudo]=sudo
  [/usr/bin/jq]=jq
  [/usr/bin/ssh-agent]=openssh-client
)
missing=()
for path in "${!need[@]}"; do
  [[ -x "$path" ]] || missing+=("${need[$path]}")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing missing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "The tests need these system packages, which are missing: ${missing[*]}" >&2
echo "Install them (e.g. 'sudo apt-get install ${missing[*]}') and run the tests again." >&2
exit 1
