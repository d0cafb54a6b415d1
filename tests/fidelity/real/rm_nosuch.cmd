docker rm nosuch
