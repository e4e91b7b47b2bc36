# -m rpfilter (ext/xt_rpfilter.c)
*raw
-A PREROUTING -m rpfilter
=
-A PREROUTING -m rpfilter --invert --accept-local --validmark --loose
= -A PREROUTING -m rpfilter --loose --validmark --accept-local --invert
-A PREROUTING -m rpfilter ! --loose
! cannot be negated
-A OUTPUT -m rpfilter
! only valid in PREROUTING
*mangle
-A PREROUTING -m rpfilter --invert -j DROP
=
-A FORWARD -m rpfilter
! only valid in PREROUTING
:X
-A X -m rpfilter
=
*filter
-A INPUT -m rpfilter
! only valid in the raw and mangle tables
*nat
-A PREROUTING -m rpfilter
! only valid in the raw and mangle tables
@family 6
*raw
-A PREROUTING -m rpfilter --loose
=
*mangle
-A PREROUTING -m rpfilter --validmark --accept-local
=
