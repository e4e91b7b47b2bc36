# -m mh (ext/xt_mh.c)
@family 6
-A INPUT -p mobility-header -m mh
=
-A INPUT -p ipv6-mh -m mh --mh-type 5
= -A INPUT -p mobility-header -m mh --mh-type 5
-A INPUT -p 135 -m mh --mh-type bu
= -A INPUT -p mobility-header -m mh --mh-type 5
-A INPUT -p mobility-header -m mh --mh-type BINDING-ERROR
= -A INPUT -p mobility-header -m mh --mh-type 7
-A INPUT -p mobility-header -m mh --mh-type b
= -A INPUT -p mobility-header -m mh --mh-type 0
-A INPUT -p mobility-header -m mh --mh-type hot:careof-test
= -A INPUT -p mobility-header -m mh --mh-type 3:4
-A INPUT -p mobility-header -m mh ! --mh-type 1:3
=
-A INPUT -p mobility-header -m mh --mh-type 0:255
= -A INPUT -p mobility-header -m mh
-A INPUT -p mobility-header -m mh ! --mh-type 0:255
= -A INPUT -p mobility-header -m mh
-A INPUT -p mobility-header -m mh --mh-type :3
= -A INPUT -p mobility-header -m mh --mh-type 0:3
-A INPUT -p mobility-header -m mh --mh-type 3:
= -A INPUT -p mobility-header -m mh --mh-type 3:255
-A INPUT -p mobility-header -m mh --mh-type 0x10
= -A INPUT -p mobility-header -m mh --mh-type 16
-A INPUT -m mh
! needs "-p mobility-header"
-A INPUT -p mobility-header -m mh --mh-type binding-update:2
! min > max
-A INPUT -p mobility-header -m mh --mh-type 256
! Invalid MH type
-A INPUT -p mobility-header -m mh --mh-type foo
! Invalid MH type
-A INPUT -p mobility-header -m mh --mh-type be,hoti
! Invalid MH type
-A INPUT -p mh --mh-type 5
= -A INPUT -p mobility-header -m mh --mh-type 5
