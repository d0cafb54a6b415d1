docker run --rm busybox /etc/passwd
