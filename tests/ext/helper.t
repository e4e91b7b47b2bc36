# -m helper (ext/xt_helper.c)
-A INPUT -m helper --helper ftp
=
-A INPUT -m helper ! --helper "ftp-21"
= -A INPUT -m helper ! --helper ftp-21
-A INPUT -m helper --helper ""
=
-A INPUT -m helper --helper "a b"
=
-A INPUT -m helper --helper "a'b"
= -A INPUT -m helper --helper "a\'b"
-A INPUT -m helper --helper a.b
= -A INPUT -m helper --helper "a.b"
-A INPUT -m helper --helper aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
= -A INPUT -m helper --helper aaaaaaaaaaaaaaaaaaaaaaaaaaaaa
-A INPUT -m helper
! --helper must be specified
-A INPUT -m helper --helper a --helper b
! only one --helper
@family 6
-A FORWARD -m helper --helper sip -j ACCEPT
=
