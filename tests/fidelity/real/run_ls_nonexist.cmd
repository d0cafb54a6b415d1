docker run --rm busybox ls /nonexist
