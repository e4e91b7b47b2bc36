# -m time (ext/xt_time.c); iptables-save always prints the default
# --datestop 2038-01-19T03:14:07 (libxt_time.c compares it with LONG_MAX)
-A INPUT -m time
= -A INPUT -m time --datestop 2038-01-19T03:14:07
-A INPUT -m time --timestart 8:00 --timestop 17:30:05
= -A INPUT -m time --timestart 08:00:00 --timestop 17:30:05 --datestop 2038-01-19T03:14:07
-A INPUT -m time --weekdays Mon,Tue,7 --monthdays 1,31,2
= -A INPUT -m time --monthdays 1,2,31 --weekdays Mon,Tue,Sun --datestop 2038-01-19T03:14:07
-A INPUT -m time --weekdays Monday,Tuxedo
= -A INPUT -m time --weekdays Mon,Tue --datestop 2038-01-19T03:14:07
-A INPUT -m time ! --weekdays Mon ! --monthdays 5
= -A INPUT -m time --monthdays 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31 --weekdays Tue,Wed,Thu,Fri,Sat,Sun --datestop 2038-01-19T03:14:07
-A INPUT -m time --weekdays 1,2,3,4,5,6,7
= -A INPUT -m time --datestop 2038-01-19T03:14:07
-A INPUT -m time --datestart 2020-01-02 --datestop 2021-02-03T04:05:06
= -A INPUT -m time --datestart 2020-01-02T00:00:00 --datestop 2021-02-03T04:05:06
-A INPUT -m time --datestart 2020 --datestop 2021-02
= -A INPUT -m time --datestart 2020-01-01T00:00:00 --datestop 2021-02-01T00:00:00
-A INPUT -m time --datestart 2020-02-31
= -A INPUT -m time --datestart 2020-03-02T00:00:00 --datestop 2038-01-19T03:14:07
-A INPUT -m time --datestop 2038-01-19T03:14:08
=
-A INPUT -m time --kerneltz --contiguous --timestart 22:00 --timestop 06:00
= -A INPUT -m time --timestart 22:00:00 --timestop 06:00:00 --datestop 2038-01-19T03:14:07 --kerneltz --contiguous
-A INPUT -m time --timestart 10:00 --timestop 10:00 --contiguous --utc
= -A INPUT -m time --timestart 10:00:00 --timestop 10:00:00 --datestop 2038-01-19T03:14:07 --contiguous
-A INPUT -m time --timestart 00:00 --timestop 23:59:59
= -A INPUT -m time --datestop 2038-01-19T03:14:07
-A INPUT -m time --monthdays 31,1 --weekdays Sun,Mon
= -A INPUT -m time --monthdays 1,31 --weekdays Mon,Sun --datestop 2038-01-19T03:14:07
-A INPUT -m time --localtz
~ replaced by --kerneltz
-A INPUT -m time --contiguous
! --contiguous only makes sense
-A INPUT -m time --timestart 25:00
! invalid time
-A INPUT -m time --timestart 23:59:60
! invalid time
-A INPUT -m time --timestart 1
! invalid time
-A INPUT -m time --datestart 2039-01-01
! Invalid date
-A INPUT -m time --datestart 1969-01-01
! Invalid date
-A INPUT -m time --datestart 2020-13-01
! Invalid date
-A INPUT -m time --datestart 2020-01-01X
! Invalid date
-A INPUT -m time --weekdays 0
! the week does NOT begin with Sunday
-A INPUT -m time --weekdays sat
! not a valid day specifier
-A INPUT -m time --weekdays Foo
! not a valid day specifier
-A INPUT -m time --monthdays 32
! not a valid day for --monthdays
-A INPUT -m time ! --timestart 1:00
! cannot be negated
-A INPUT -m time --utc --kerneltz
! cannot be used together
-A INPUT -m time --kerneltz --kerneltz
! only one --kerneltz
# days outside the printed range are kept, and saved as an empty list
-A INPUT -m time --weekdays 8
= -A INPUT -m time --weekdays  --datestop 2038-01-19T03:14:07
-A INPUT -m time --monthdays 0
= -A INPUT -m time --monthdays  --datestop 2038-01-19T03:14:07
