docker start
