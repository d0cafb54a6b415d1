docker rm -f nosuch
