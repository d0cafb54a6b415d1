docker run --rm busybox cat /etc/hosts
