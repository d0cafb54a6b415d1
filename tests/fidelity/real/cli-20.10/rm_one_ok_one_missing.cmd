docker rm a3 nosuch
