#!/bin/sh
# Regenerates core/protocols.inc and core/services.inc from netbase's
# /etc/protocols and /etc/services. The tables are compiled in so that name
# lookups (-p gre, --dport ssh) do not depend on the machine ipt-sim runs on.
set -eu
cd "$(dirname "$0")/.."
{ echo "/* Generated from Debian netbase /etc/protocols by tools/gen-netdb.sh: name, number. */"
  grep -v '^#' /etc/protocols | awk 'NF>=2{printf "{\"%s\", %s},\n", $1, $2; for(i=3;i<=NF;i++){ if ($i ~ /^#/) break; if ($i != toupper($1) ) printf "{\"%s\", %s},\n", $i, $2 } }'
} > core/protocols.inc
{ echo "/* Generated from Debian netbase /etc/services by tools/gen-netdb.sh: name, port, protocol. */"
  grep -v '^#' /etc/services | awk 'NF>=2{split($2,a,"/"); printf "{\"%s\", %s, \"%s\"},\n", $1, a[1], a[2]; for(i=3;i<=NF;i++){ if ($i ~ /^#/) break; printf "{\"%s\", %s, \"%s\"},\n", $i, a[1], a[2] } }'
} > core/services.inc
