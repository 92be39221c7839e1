#!/bin/sh
# Fetch the Debian source packages of the ports (docs/ports.md):
#
#   sh ports/fetch.sh DIR PACKAGE...
#
# unpacks each PACKAGE (Debian's patches applied) into DIR/PACKAGE and
# records its version in DIR/PACKAGE/.version.  The machine's apt sources
# list binary packages only, so apt-get runs with a private sources list
# (deb-src of the same archive, checked with Debian's archive keyring)
# and private lists and cache under DIR/apt: nothing of the machine's apt
# configuration changes, and root is not needed.
set -e
dir=$1; shift
mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial"
dir=$(cd "$dir" && pwd)
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
cat > "$dir/apt/sources.list" <<LIST
deb-src [signed-by=$keyring] http://deb.debian.org/debian $suite main
deb-src [signed-by=$keyring] http://deb.debian.org/debian-security $suite-security main
LIST
apt() {
  apt-get -q -o Dir::Etc::SourceList="$dir/apt/sources.list" \
    -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$dir/apt/lists" \
    -o Dir::Cache="$dir/apt/cache" -o Debug::NoLocking=1 \
    -o APT::Sandbox::User="$(id -un)" "$@"
}
apt update >/dev/null
tmp=$(mktemp -d "$dir/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for p in "$@"; do
  (cd "$tmp" && apt source "$p" >/dev/null 2>"$tmp/log") || { cat "$tmp/log" >&2; exit 1; }
  src=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name "$p-*")
  version=$(sed -n 's/^Version: //p' "$tmp"/"$p"_*.dsc)
  rm -rf "$dir/$p" && mv "$src" "$dir/$p" && echo "$version" > "$dir/$p/.version"
  rm -rf "$tmp"/*
  echo "ports: fetched $p $version"
done
