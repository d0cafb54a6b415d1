docker rm -f web
