docker ps -q
