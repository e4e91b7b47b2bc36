lint --dump fixtures/nat-upload-oow-fixed.rules --color never
