docker rmi busybox
