docker run --rm busybox sh -c 'mkdir /tmp/d && cd /tmp/d && echo hi > f && ln -s f l && mkdir sub && ls -la && ls -ld /tmp /tmp/d/sub'
