# -m nfacct (ext/xt_nfacct.c). The kernel needs the accounting object to
# exist (nfacct add NAME), which this harness cannot create: the valid cases
# are warnings. Their save form, checked by hand against iptables-save 1.8.9
# (which prints two blanks after --nfacct-name), is in the corpus round trip
# (kubernetes/kube-proxy-iptables-overall.rules).
-A INPUT -m nfacct --nfacct-name foo
~ must exist before the rule is loaded
-A INPUT -m nfacct
! --nfacct-name must be specified
-A INPUT -m nfacct ! --nfacct-name foo
! cannot be negated
-A INPUT -m nfacct --nfacct-name a --nfacct-name b
! only one --nfacct-name
