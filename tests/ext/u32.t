# -m u32 (ext/xt_u32.c): saved normalised, every number in hex
-A INPUT -m u32 --u32 "0>>22&0x3C@12>>26&0x3C@0=0x10"
= -A INPUT -m u32 --u32 "0x0>>0x16&0x3c@0xc>>0x1a&0x3c@0x0=0x10"
-A INPUT -m u32 --u32 "6&0xFF=1:3,6,17"
= -A INPUT -m u32 --u32 "0x6&0xff=0x1:0x3,0x6,0x11"
-A INPUT -m u32 ! --u32 "0 & 0xFFFF = 0x100:0xFFFF"
= -A INPUT -m u32 ! --u32 "0x0&0xffff=0x100:0xffff"
-A INPUT -m u32 --u32 "6&0xFF=1&&0>>22&0x3C@4=0x29"
= -A INPUT -m u32 --u32 "0x6&0xff=0x1&&0x0>>0x16&0x3c@0x4=0x29"
-A INPUT -m u32 --u32 0=1
= -A INPUT -m u32 --u32 "0x0=0x1"
-A INPUT -m u32 --u32 " 0=010 "
= -A INPUT -m u32 --u32 "0x0=0x8"
-A INPUT -m u32 --u32 "0=1 , 2 : 3 && 4 = 5"
= -A INPUT -m u32 --u32 "0x0=0x1,0x2:0x3&&0x4=0x5"
-A INPUT -m u32 --u32 "0=5:1"
= -A INPUT -m u32 --u32 "0x0=0x5:0x1"
-A INPUT -m u32 --u32 "0>>31=1"
= -A INPUT -m u32 --u32 "0x0>>0x1f=0x1"
-A INPUT -m u32 --u32 "0@32<<2=1"
= -A INPUT -m u32 --u32 "0x0@0x20<<0x2=0x1"
-A INPUT -m u32 --u32 "0=1,2,3,4,5,6,7,8,9,10"
= -A INPUT -m u32 --u32 "0x0=0x1,0x2,0x3,0x4,0x5,0x6,0x7,0x8,0x9,0xa"
-A INPUT -m u32 --u32 "0@1@2@3@4@5@6@7@8@9=1"
= -A INPUT -m u32 --u32 "0x0@0x1@0x2@0x3@0x4@0x5@0x6@0x7@0x8@0x9=0x1"
-A INPUT -m u32 --u32 "0=1&&1=2&&2=3&&3=4&&4=5&&5=6&&6=7&&7=8&&8=9&&9=10"
= -A INPUT -m u32 --u32 "0x0=0x1&&0x1=0x2&&0x2=0x3&&0x3=0x4&&0x4=0x5&&0x5=0x6&&0x6=0x7&&0x7=0x8&&0x8=0x9&&0x9=0xa"
-A INPUT -m u32 --u32 "=1"
! location spec missing
-A INPUT -m u32 --u32 "0"
! abrupt end of input
-A INPUT -m u32 --u32 "0=1&&"
! abrupt end of input
-A INPUT -m u32 --u32 "0=1,2,3,4,5,6,7,8,9,10,11"
! too many ","s
-A INPUT -m u32 --u32 "0@1@2@3@4@5@6@7@8@9@10=1"
! too many operators
-A INPUT -m u32 --u32 "0=1&&1=2&&2=3&&3=4&&4=5&&5=6&&6=7&&7=8&&8=9&&9=10&&10=11"
! too many "&&"s
-A INPUT -m u32
! --u32 must be specified
-A INPUT -m u32 --u32 "0x100000000=1"
! not a number or out of range
-A INPUT -m u32 --u32 "0&-1=1"
! not a number or out of range
-A INPUT -m u32 --u32 "0=1:"
! not a number or out of range
-A INPUT -m u32 --u32 "0=1 2"
! expected "," or "&&"
-A INPUT -m u32 --u32 "0>2=1"
! a second '>' was expected
-A INPUT -m u32 --u32 "0=1&2"
! a second '&' was expected
-A INPUT -m u32 --u32 "0 1=1"
! operator expected
-A INPUT -m u32 --u32 "0>>32=1"
! shift by 32 bits
-A INPUT -m u32 --u32 "0<<40=1"
! shift by 40 bits
@family 6
-A INPUT -m u32 --u32 "0=1"
= -A INPUT -m u32 --u32 "0x0=0x1"
