docker run --rm busybox cat /nonexist
