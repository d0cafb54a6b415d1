docker start nosuch
