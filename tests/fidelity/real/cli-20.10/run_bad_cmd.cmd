docker run --rm busybox nosuchcmd
