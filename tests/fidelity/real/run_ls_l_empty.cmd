docker run --rm busybox ls -l /home
