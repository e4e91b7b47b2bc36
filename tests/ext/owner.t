# owner match (ext/xt_owner.c)
-A OUTPUT -m owner --uid-owner 0 -j ACCEPT
=
-A OUTPUT -m owner --uid-owner root -j ACCEPT
= -A OUTPUT -m owner --uid-owner 0 -j ACCEPT
-A OUTPUT -m owner --gid-owner root -j ACCEPT
= -A OUTPUT -m owner --gid-owner 0 -j ACCEPT
-A OUTPUT -m owner --uid-owner 1000-2000 -j ACCEPT
=
-A OUTPUT -m owner --uid-owner 1:5 -j ACCEPT
= -A OUTPUT -m owner --uid-owner 1-5 -j ACCEPT
-A OUTPUT -m owner ! --uid-owner 1000-1000 -j ACCEPT
= -A OUTPUT -m owner ! --uid-owner 1000 -j ACCEPT
-A OUTPUT -m owner --uid-owner 0x10 -j ACCEPT
= -A OUTPUT -m owner --uid-owner 16 -j ACCEPT
-A OUTPUT -m owner --uid-owner 4294967294 -j ACCEPT
=
-A OUTPUT -m owner --gid-owner 0 --uid-owner 5 -j ACCEPT
= -A OUTPUT -m owner --uid-owner 5 --gid-owner 0 -j ACCEPT
-A OUTPUT -m owner --gid-owner 5 --suppl-groups -j ACCEPT
=
-A OUTPUT -m owner --socket-exists -j ACCEPT
=
-A OUTPUT -m owner ! --socket-exists -j ACCEPT
=
-A OUTPUT -m owner --uid-owner 3 ! --gid-owner 4 ! --socket-exists -j ACCEPT
= -A OUTPUT -m owner ! --socket-exists --uid-owner 3 ! --gid-owner 4 -j ACCEPT
*mangle
-A POSTROUTING -m owner --uid-owner 7 -j ACCEPT
=
*filter
-A OUTPUT -m owner --uid-owner nosuchuser -j ACCEPT
! cannot resolve offline
-A OUTPUT -m owner --gid-owner nosuchgroup -j ACCEPT
! cannot resolve offline
-A OUTPUT -m owner --uid-owner 4294967295 -j ACCEPT
! bad value for --uid-owner
-A OUTPUT -m owner --uid-owner 5- -j ACCEPT
! bad value for --uid-owner
-A OUTPUT -m owner --uid-owner 2000-1000 -j ACCEPT
! first id is above the last
-A OUTPUT -m owner --uid-owner 0 --uid-owner 1 -j ACCEPT
! only one
-A OUTPUT -m owner --suppl-groups -j ACCEPT
! needs --gid-owner
-A OUTPUT -m owner --gid-owner 5 ! --suppl-groups -j ACCEPT
! cannot be negated
-A OUTPUT -m owner -j ACCEPT
! at least one of
-A INPUT -m owner --uid-owner 0 -j ACCEPT
! only valid in
@family 6
-A OUTPUT -m owner --uid-owner 33 -j ACCEPT
=
