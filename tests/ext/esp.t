# -m esp (ext/xt_esp.c)
-A INPUT -p esp -m esp --espspi 5
=
-A INPUT -p esp -m esp ! --espspi 1:5
=
-A INPUT -p esp -m esp
=
-A INPUT -p esp --espspi 0:4294967295
= -A INPUT -p esp -m esp
-A INPUT -p esp --espspi 9:3
= -A INPUT -p esp -m esp --espspi 9:3
-A INPUT -p 50 --espspi 7
= -A INPUT -p esp -m esp --espspi 7
-A INPUT -p esp --espspi :7
= -A INPUT -p esp -m esp --espspi 0:7
-A INPUT -m esp --espspi 5
! needs "-p esp"
-A INPUT ! -p esp -m esp --espspi 5
! needs "-p esp"
-A INPUT -p esp --espspi 4294967296
! out of range
@family 6
-A INPUT -p esp -m esp --espspi 5
=
-A INPUT -p esp -m esp ! --espspi 0x10:0x20
= -A INPUT -p esp -m esp ! --espspi 16:32
-A INPUT -m esp --espspi 5
! needs "-p esp"
