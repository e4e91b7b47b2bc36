trace --dump fixtures/kube-service-3-endpoints.rules --pkt 'tcp:10.244.1.20->10.96.0.10:80 in=cni0' --iface cni0=10.244.1.1/24 --route '10.244.0.0/16 dev flannel.1' --max-branches 2 --color never
