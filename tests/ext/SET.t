# -j SET (ext/xt_SET.c)
# The kernel refuses SET rules whose set does not exist, and the case runner
# loads each rule into an empty namespace, so only refusals are listed here.
# The save forms below were checked by hand with `ipset create foo hash:ip
# timeout 100 skbinfo` in the same namespace:
#   --add-set foo src,dst                 -> --add-set foo src,dst
#   --timeout 5 --add-set foo src         -> --add-set foo src --timeout 5
#   --add-set foo src --exist --timeout 10 (unchanged)
#   --add-set foo src --del-set foo dst   (unchanged)
-A INPUT -j SET
! is required
-A INPUT -j SET --add-set foo bogus
! comma-separated list of src and dst
-A INPUT -j SET --add-set foo SRC
! comma-separated list of src and dst
-A INPUT -j SET --add-set foo src,src,src,src,src,src,src
! more than 6
-A INPUT -j SET --add-set foo
! needs more values
-A INPUT -j SET --map-set foo src --map-mark
! only usable in the mangle table
-A INPUT -j SET --add-set foo src --timeout 4294967296
! out of range
*mangle
-A PREROUTING -j SET --map-set foo src --map-prio
! is only valid in FORWARD, OUTPUT, POSTROUTING
*filter
-A INPUT -j SET --del-set foo dst --exist
! with --add-set only
-A INPUT -j SET --del-set foo dst --timeout 3
! with --add-set only
*mangle
-A OUTPUT -j SET --map-set foo src
! needs --map-mark
