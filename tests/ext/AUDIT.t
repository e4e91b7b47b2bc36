# -j AUDIT (ext/xt_AUDIT.c)
-A INPUT -j AUDIT --type accept
=
-A INPUT -j AUDIT --type drop
=
-A INPUT -j AUDIT --type reject
=
-A INPUT -j AUDIT --type ACCEPT
= -A INPUT -j AUDIT --type accept
-A INPUT -j AUDIT --type=Drop
= -A INPUT -j AUDIT --type drop
-A INPUT -j AUDIT --type foo
! bad action type
-A INPUT -j AUDIT
! must be specified
-A INPUT -j AUDIT ! --type drop
! cannot be negated
*mangle
-A PREROUTING -j AUDIT --type accept
=
@family 6
*filter
-A OUTPUT -j AUDIT --type reject
=
