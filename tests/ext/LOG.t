# -j LOG (ext/xt_LOG.c)
-A INPUT -j LOG
=
-A INPUT -j LOG --log-level 4
= -A INPUT -j LOG
-A INPUT -j LOG --log-level warning
= -A INPUT -j LOG
-A INPUT -j LOG --log-level debug
= -A INPUT -j LOG --log-level 7
-A INPUT -j LOG --log-level emerg
= -A INPUT -j LOG --log-level 0
-A INPUT -j LOG --log-level panic
= -A INPUT -j LOG --log-level 0
-A INPUT -j LOG --log-level alert
= -A INPUT -j LOG --log-level 1
-A INPUT -j LOG --log-level crit
= -A INPUT -j LOG --log-level 2
-A INPUT -j LOG --log-level error
= -A INPUT -j LOG --log-level 3
-A INPUT -j LOG --log-level notice
= -A INPUT -j LOG --log-level 5
-A INPUT -j LOG --log-level info
= -A INPUT -j LOG --log-level 6
-A INPUT -j LOG --log-level 0x3
= -A INPUT -j LOG --log-level 3
-A INPUT -j LOG --log-level=6
= -A INPUT -j LOG --log-level 6
-A INPUT -j LOG --log-l 6
= -A INPUT -j LOG --log-level 6
-A INPUT -j LOG --log-prefix "abc "
=
-A INPUT -j LOG --log-prefix "abc"
= -A INPUT -j LOG --log-prefix abc
-A INPUT -j LOG --log-prefix a_b-9
=
-A INPUT -j LOG --log-prefix "a.b"
=
-A INPUT -j LOG --log-prefix "a\"b"
=
-A INPUT -j LOG --log-prefix "a'b c"
= -A INPUT -j LOG --log-prefix "a\'b c"
-A INPUT -j LOG --log-prefix "x\\y"
=
-A INPUT -j LOG --log-prefix "12345678901234567890123456789"
= -A INPUT -j LOG --log-prefix 12345678901234567890123456789
-A INPUT -j LOG --log-prefix "12345678901234567890123456789012345"
~ cut to its first 29
-A INPUT -j LOG --log-level 4 --log-prefix "DROP: "
= -A INPUT -j LOG --log-prefix "DROP: "
-A INPUT -j LOG --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode --log-level 1 --log-prefix "x"
= -A INPUT -j LOG --log-prefix x --log-level 1 --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode
-A INPUT -j LOG --log-macdecode --log-uid --log-ip-options --log-tcp-options --log-tcp-sequence
= -A INPUT -j LOG --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode
-A INPUT -j LOG --log-tcp-o
= -A INPUT -j LOG --log-tcp-options
-A INPUT -p tcp -m tcp --dport 22 -j LOG --log-prefix "ssh: " --log-level info
= -A INPUT -p tcp -m tcp --dport 22 -j LOG --log-prefix "ssh: " --log-level 6
-A INPUT -j LOG --log-level warn
! log level
-A INPUT -j LOG --log-level err
! log level
-A INPUT -j LOG --log-level DEBUG
! log level
-A INPUT -j LOG --log-level 8
! log level
-A INPUT -j LOG --log-level -1
! log level
-A INPUT -j LOG --log-level ""
! log level
-A INPUT -j LOG --log-prefix ""
! at least 1 character
-A INPUT -j LOG --log-uid --log-uid
! only one
-A INPUT -j LOG ! --log-uid
! cannot be negated
-A INPUT -j LOG --log-level 4 --log-level 5
! only one
-A INPUT -j LOG --log-t
! ambiguous
-A INPUT -j LOG --log-bogus
! unknown option
*nat
-A POSTROUTING -j LOG --log-prefix nat
=
*raw
-A PREROUTING -j LOG --log-level 7
=
@family 6
*filter
-A INPUT -j LOG --log-prefix "v6 " --log-level debug --log-uid
= -A INPUT -j LOG --log-prefix "v6 " --log-level 7 --log-uid
