docker ps -a -q
