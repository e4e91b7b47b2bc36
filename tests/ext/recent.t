# -m recent (ext/xt_recent.c): --name, --mask and the side are always printed
-A INPUT -m recent --set -j ACCEPT
= -A INPUT -m recent --set --name DEFAULT --mask 255.255.255.255 --rsource -j ACCEPT
-A INPUT -m recent --rdest --mask 255.255.255.0 --name foo --rttl --hitcount 5 --seconds 60 ! --rcheck -j ACCEPT
= -A INPUT -m recent ! --rcheck --seconds 60 --hitcount 5 --rttl --name foo --mask 255.255.255.0 --rdest -j ACCEPT
-A INPUT -m recent --update --seconds 60 --reap -j ACCEPT
= -A INPUT -m recent --update --seconds 60 --reap --name DEFAULT --mask 255.255.255.255 --rsource -j ACCEPT
-A INPUT -m recent ! --remove --rsource -j ACCEPT
= -A INPUT -m recent ! --remove --name DEFAULT --mask 255.255.255.255 --rsource -j ACCEPT
-A INPUT -m recent --rcheck --rdest --rsource -j ACCEPT
= -A INPUT -m recent --rcheck --name DEFAULT --mask 255.255.255.255 --rsource -j ACCEPT
-A INPUT -m recent --rcheck --mask 1.2.3.4 --hitcount 256 -j ACCEPT
= -A INPUT -m recent --rcheck --hitcount 256 --name DEFAULT --mask 1.2.3.4 --rsource -j ACCEPT
-A INPUT -m recent --rcheck --name aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa -j ACCEPT
= -A INPUT -m recent --rcheck --name aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa --mask 255.255.255.255 --rsource -j ACCEPT
-A INPUT -m recent --set --seconds 5 -j ACCEPT
! only go with --rcheck or --update
-A INPUT -m recent --remove --hitcount 5 -j ACCEPT
! only go with --rcheck or --update
-A INPUT -m recent --rcheck --reap -j ACCEPT
! also requires "--seconds"
-A INPUT -m recent --set --rcheck -j ACCEPT
! cannot be used together
-A INPUT -m recent --set --rttl -j ACCEPT
! cannot be used together
-A INPUT -m recent --rcheck --seconds 0 -j ACCEPT
! out of range
-A INPUT -m recent -j ACCEPT
! you must specify one of
-A INPUT -m recent --rcheck --name foo/bar -j ACCEPT
! cannot contain '/'
-A INPUT -m recent --rcheck --name "" -j ACCEPT
! name is empty
-A INPUT -m recent --rcheck ! --rttl -j ACCEPT
! cannot be negated
@family 6
-A INPUT -m recent --update --seconds 30 --hitcount 3 --name ssh -j DROP
= -A INPUT -m recent --update --seconds 30 --hitcount 3 --name ssh --mask ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff --rsource -j DROP
-A INPUT -m recent --set --mask ffff:ffff:ffff:ffff:: -j ACCEPT
= -A INPUT -m recent --set --name DEFAULT --mask ffff:ffff:ffff:ffff:: --rsource -j ACCEPT
