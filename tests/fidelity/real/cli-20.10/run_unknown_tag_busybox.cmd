docker run busybox:1.0
