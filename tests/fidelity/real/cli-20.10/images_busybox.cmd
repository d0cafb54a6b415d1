docker images busybox
