docker rm a1 a2
