(sleep 1; printf 'echo hi\n'; sleep 1; printf 'exit 7\n'; sleep 1) | script -qec 'docker run -it --rm --name ttyt busybox sh' /dev/null
