docker run --rm busybox uname -a
