docker create busybox true
