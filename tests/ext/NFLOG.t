# -j NFLOG (ext/xt_NFLOG.c)
-A INPUT -j NFLOG
=
-A INPUT -j NFLOG --nflog-group 0
= -A INPUT -j NFLOG
-A INPUT -j NFLOG --nflog-group 5
=
-A INPUT -j NFLOG --nflog-group 65535
=
-A INPUT -j NFLOG --nflog-group 0x10
= -A INPUT -j NFLOG --nflog-group 16
-A INPUT -j NFLOG --nflog-prefix abc
=
-A INPUT -j NFLOG --nflog-prefix "a b"
=
-A INPUT -j NFLOG --nflog-prefix "a'b"
= -A INPUT -j NFLOG --nflog-prefix "a\'b"
-A INPUT -j NFLOG --nflog-prefix aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
=
-A INPUT -j NFLOG --nflog-prefix aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
~ cut to its first 127
-A INPUT -j NFLOG --nflog-size 100
=
-A INPUT -j NFLOG --nflog-size 0
=
-A INPUT -j NFLOG --nflog-size 4294967295
=
-A INPUT -j NFLOG --nflog-threshold 1
=
-A INPUT -j NFLOG --nflog-threshold 0
= -A INPUT -j NFLOG
-A INPUT -j NFLOG --nflog-threshold 65535
=
-A INPUT -j NFLOG --nflog-threshold 10 --nflog-size 5 --nflog-prefix p --nflog-group 3
= -A INPUT -j NFLOG --nflog-prefix p --nflog-group 3 --nflog-size 5 --nflog-threshold 10
-A INPUT -j NFLOG --nflog-range 100
~ no longer supported
-A INPUT -j NFLOG --nflog-group 65536
! out of range
-A INPUT -j NFLOG --nflog-group -1
! not a number
-A INPUT -j NFLOG --nflog-threshold 65536
! out of range
-A INPUT -j NFLOG --nflog-size 4294967296
! out of range
-A INPUT -j NFLOG --nflog-range 4294967296
! out of range
-A INPUT -j NFLOG --nflog-prefix ""
! at least 1 character
-A INPUT -j NFLOG --nflog-range 100 --nflog-size 200
! cannot be used together
-A INPUT -j NFLOG --nflog-size 5 --nflog-size 6
! only one
@family 6
-A FORWARD -j NFLOG --nflog-group 2 --nflog-prefix "v6 drop"
= -A FORWARD -j NFLOG --nflog-prefix "v6 drop" --nflog-group 2
