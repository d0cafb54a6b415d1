docker run --rm busybox /etc
