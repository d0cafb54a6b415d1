docker run --nosuchflag busybox
