#!/bin/sh
# Installs the Debian 12 packages ipt-sim needs to build and test.
# Safe to run again: it installs only what is missing.
set -eu
PKGS="build-essential cmake flex bison pkg-config libjansson-dev libxml2-dev libcmocka-dev
      libnftables-dev clang libclang-rt-14-dev python3 python3-jsonschema iptables nftables ipset nfacct
      iproute2 util-linux valgrind tcpdump libxml2-utils git"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
echo "installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
