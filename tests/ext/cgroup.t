# cgroup match (ext/xt_cgroup.c)
-A OUTPUT -m cgroup --cgroup 1 -j ACCEPT
=
-A OUTPUT -m cgroup ! --cgroup 0x10 -j ACCEPT
= -A OUTPUT -m cgroup ! --cgroup 16 -j ACCEPT
-A INPUT -m cgroup --cgroup 0 -j ACCEPT
=
-A OUTPUT -m cgroup --path / -j ACCEPT
= -A OUTPUT -m cgroup --path "/" -j ACCEPT
-A OUTPUT -m cgroup ! --path "/" -j ACCEPT
=
-A OUTPUT -m cgroup --cgroup 4294967296 -j ACCEPT
! out of range
-A OUTPUT -m cgroup --cgroup 1 --cgroup 2 -j ACCEPT
! only one
-A OUTPUT -m cgroup --cgroup 1 --path / -j ACCEPT
! exactly one of
-A OUTPUT -m cgroup -j ACCEPT
! exactly one of
-A FORWARD -m cgroup --cgroup 1 -j ACCEPT
! only valid in
@family 6
-A OUTPUT -m cgroup --cgroup 0x100001 -j ACCEPT
= -A OUTPUT -m cgroup --cgroup 1048577 -j ACCEPT
