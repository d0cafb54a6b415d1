docker stop
