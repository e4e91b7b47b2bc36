lint --dump fixtures/nat-upload-oow.rules --color never
