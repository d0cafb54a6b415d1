docker run --rm -e FOO=bar busybox sh -c 'echo $FOO'
