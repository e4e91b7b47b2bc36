# -m state (ext/xt_conntrack.c): states print in a fixed order
-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
= -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
-A INPUT -m state --state ESTABLISHED,RELATED,INVALID,NEW,UNTRACKED -j ACCEPT
= -A INPUT -m state --state INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED -j ACCEPT
-A INPUT -m state ! --state NEW -j ACCEPT
=
# names are case-insensitive prefixes
-A INPUT -m state --state est,rel -j ACCEPT
= -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
-A INPUT -m state --state E -j ACCEPT
= -A INPUT -m state --state ESTABLISHED -j ACCEPT
-A INPUT -m state --state NEW,NEW -j ACCEPT
= -A INPUT -m state --state NEW -j ACCEPT
-A INPUT -m state --state foo -j ACCEPT
! bad state "foo"
-A INPUT -m state --state SNAT -j ACCEPT
! bad state "SNAT"
-A INPUT -m state --state NEW, -j ACCEPT
! requires a list of states with no spaces
-A INPUT -m state --state NEW,,EST -j ACCEPT
! bad state ",EST"
-A INPUT -m state -j ACCEPT
! option --state must be specified
-A INPUT -m state --state NEW --state INVALID -j ACCEPT
! only one --state
@family 6
-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
=
