docker run --rm busybox ls -l /etc/passwd /etc/hostname /nonexist
