# -m string (ext/xt_string.c)
-A INPUT -m string --string foo --algo bm
= -A INPUT -m string --string "foo" --algo bm
-A INPUT -m string --algo kmp --to 100 --from 10 --string "foo bar"
= -A INPUT -m string --string "foo bar" --algo kmp --from 10 --to 100
-A INPUT -m string ! --string "a\"b" --algo bm --icase
=
-A INPUT -m string --algo bm --to 0 --string x
= -A INPUT -m string --string "x" --algo bm --to 0
-A INPUT -m string --string x --algo bm --from 0 --to 65535
= -A INPUT -m string --string "x" --algo bm
-A INPUT -m string --string "ab\\c" --algo bm
=
-A INPUT -m string --string "|41|" --algo bm
=
# hex strings come back as --string when every byte is printable
-A INPUT -m string --hex-string "|41 42|c" --algo bm
= -A INPUT -m string --string "ABc" --algo bm
-A INPUT -m string --hex-string "a| 41 42 |b" --algo bm
= -A INPUT -m string --string "aABb" --algo bm
-A INPUT -m string --hex-string "ab\\|c" --algo bm
= -A INPUT -m string --string "ab|c" --algo bm
-A INPUT -m string --hex-string "x|" --algo bm
= -A INPUT -m string --string "x" --algo bm
-A INPUT -m string --hex-string "|0a|" --algo bm
=
-A INPUT -m string ! --hex-string "a|0a|b|7f|c|22|d|5c|" --algo bm
= -A INPUT -m string ! --hex-string "|610a627f6322645c|" --algo bm
-A INPUT -m string --string aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa --algo bm
= -A INPUT -m string --string "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" --algo bm
# errors
-A INPUT -m string --string aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa --algo bm
! STRING too long
-A INPUT -m string --string foo
! --algo must be specified
-A INPUT -m string --algo bm
! needs --string or --hex-string
-A INPUT -m string --string "" --algo bm
! pattern is empty
-A INPUT -m string --string x --algo xyz
! unknown search algorithm
-A INPUT -m string --string x --algo BM
! unknown search algorithm
-A INPUT -m string --string x --algo fsm
! unknown search algorithm
-A INPUT -m string --string x --algo bm --from 10 --to 5
! beyond --to
-A INPUT -m string --string x --algo bm --from 0x10 --to 010
! beyond --to
-A INPUT -m string --string x --algo bm --from 65536
! out of range
-A INPUT -m string --string x --hex-string y --algo bm
! cannot be used together
-A INPUT -m string --string x --string y --algo bm
! only one --string
-A INPUT -m string --string x --algo bm --icase --icase
! only one --icase
-A INPUT -m string --string x ! --algo bm
! cannot be negated
-A INPUT -m string --hex-string "a|4142" --algo bm
! Invalid hex block
-A INPUT -m string --hex-string "a|414|" --algo bm
! Invalid hex block
-A INPUT -m string --hex-string "|4g|" --algo bm
! Invalid hex char 'g'
-A INPUT -m string --hex-string "a|41  42|b" --algo bm
! Invalid hex char ' '
-A INPUT -m string --hex-string "a\\" --algo bm
! Bad literal placement
-A INPUT -m string --hex-string "|41\\|" --algo bm
! Cannot include literals
-A INPUT -m string --hex-string "||" --algo bm
! Odd number of hex digits
-A INPUT -m string --hex-string "" --algo bm
! at least one char
-A INPUT -m string --string ab\\c --algo bm
= -A INPUT -m string --string "ab\\\\c" --algo bm
